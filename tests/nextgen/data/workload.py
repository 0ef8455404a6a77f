# A deterministic allocation-heavy Python workload: dicts, lists, strings,
# bytes, sorting, JSON, regular expressions and a few threads.
import json, re, threading, zlib

def build(n):
    return {f"key{i}": [i, str(i) * (i % 17), {"sq": i * i, "neg": -i}] for i in range(n)}

data = build(20000)
text = json.dumps(data, sort_keys=True)
print(len(text), zlib.crc32(text.encode()))
back = json.loads(text)
print(back == data)
words = re.findall(r"key(\d+)", text)
print(len(words), sum(int(w) for w in words[:1000]))
chunks = sorted((w[::-1] for w in words), key=lambda s: (len(s), s))
print(chunks[:5], chunks[-5:])
blob = b"".join(str(i).encode() * 50 for i in range(3000))
print(len(blob), zlib.crc32(zlib.compress(blob)))

results = [None] * 4
def work(k):
    acc = []
    for i in range(20000):
        acc.append({"k": k, "i": i, "s": "x" * (i % 64)})
        if len(acc) > 500:
            acc = acc[250:]
    results[k] = sum(len(d["s"]) for d in acc)
threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(results)
