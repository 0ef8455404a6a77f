# string-churn.rb: the ruby workload's script, written for ngbench in the
# spirit of mimalloc-bench's rbstress (a Ruby program that churns strings,
# arrays and hashes).
#
# Usage: ruby string-churn.rb ROUNDS SEED
#
# Each round builds an array of generated strings of many lengths, grows
# some by appending (realloc), counts and groups them in hashes, joins them
# into one large string and splits it back, rewrites the text with gsub,
# sorts, deduplicates and rotates arrays, and drops everything at the end
# of the round, so the interpreter's heap and its malloc'd string and array
# buffers turn over continually.
#
# Self-check: the split text must give back the original strings and the
# sorted orders must hold; any failure raises (exit status 1). The output
# (a CRC of everything computed) depends only on ROUNDS and SEED: a
# 31-bit generator of our own (never Ruby's Random), and hashes are only
# read in insertion order or after sorting.
require 'zlib'

rounds = Integer(ARGV[0] || '10', exception: false)
seed = Integer(ARGV[1] || '42', exception: false)
if rounds.nil? || rounds < 1 || seed.nil?
  warn 'usage: ruby string-churn.rb ROUNDS SEED'
  exit 2
end

# A linear congruential generator kept within fixnums.
class Draw
  def initialize(seed)
    @state = seed & 0x7fffffff
  end

  def below(m)
    @state = (@state * 1_103_515_245 + 12_345) & 0x7fffffff
    (@state >> 8) % m
  end
end

SYLLABLES = %w[ka ro mi tel vas on du re shi lo pra en gu fi sto al ne bri ur cha].freeze
STRINGS_PER_ROUND = 1000

def check(cond, what)
  raise "self-check failed: #{what}" unless cond
end

def make_word(draw)
  word = +''
  (1 + draw.below(4)).times { word << SYLLABLES[draw.below(SYLLABLES.size)] }
  word
end

# Strings from a few bytes to a few KiB: most short, some long.
def make_strings(draw, n)
  Array.new(n) do |i|
    s = +"#{make_word(draw)}-#{i}"
    s << ' ' << make_word(draw) while draw.below(8) < 5
    s << make_word(draw) * (1 + draw.below(200)) if draw.below(16).zero?
    s
  end
end

def word_counts(strings)
  counts = Hash.new(0)
  strings.each { |s| s.scan(/[a-z]+/) { |w| counts[w] += 1 } }
  counts.sort_by { |w, c| [-c, w] }.first(20)
end

def grouped(strings)
  groups = strings.group_by { |s| s[0, 2] }
  groups.keys.sort.map { |k| "#{k}:#{groups[k].size}:#{groups[k].map(&:size).sum}" }.join(';')
end

def churn_arrays(draw, strings)
  queue = []
  strings.each_with_index do |s, i|
    queue.push(s.upcase)
    queue.shift(1 + draw.below(3)) if i.odd?
  end
  sorted = (queue + strings.first(500)).map(&:downcase).sort.uniq
  check(sorted.each_cons(2).all? { |a, b| a < b }, 'sorted order')
  sorted.rotate(draw.below(sorted.size + 1)).each_slice(7).map(&:first).join(',')
end

crc = 0
total = 0
rounds.times do |round|
  draw = Draw.new(seed + round)
  strings = make_strings(draw, STRINGS_PER_ROUND)
  text = strings.join("\n")
  check(text.split("\n") == strings, "join/split round trip in round #{round}")
  rewritten = text.gsub(/([a-z]+)-(\d+)/) { "#{Regexp.last_match(2)}:#{Regexp.last_match(1).reverse}" }
  total += rewritten.bytesize
  crc = Zlib.crc32(word_counts(strings).flatten.join(','), crc)
  crc = Zlib.crc32(grouped(strings), crc)
  crc = Zlib.crc32(churn_arrays(draw, strings), crc)
  crc = Zlib.crc32(rewritten[0, 4096], crc)
end

puts format('rounds=%d strings=%d rewritten_bytes=%d', rounds, rounds * STRINGS_PER_ROUND, total)
puts format('digest=%08x', crc)
