#!/bin/sh
# 'ngbench model' from the command line: the paper's figures, Table 1's
# penalties, hand inputs, measured inputs, and bad input.
# usage: model_cli.sh NGBENCH FIXTURE
set -u
ngbench=$1 fixture=$2
. "$(dirname "$0")/../reports/expect.sh"

# The paper: 279,759,405 calls x 4 x 67 = 74,975,520,540 cycles (about 75 billion);
# 268 / 214 = 1.25 misses per call.
expect_line '^  malloc and free calls +279,759,405$' model --paper
expect_line 'cycles added by offloading +74,975,520,540 +around 75 billion' model --paper
expect_line 'misses to save per call +1\.2523 +at least 1\.25' model --paper

# Table 1's penalties, by hand from its values:
# PTMalloc2-JeMalloc (1.177e12-7.115e11)/(2.60199e9-4.3492e8) = 214.8
expect_line 'PTMalloc2 vs JeMalloc +214\.8 cycles per miss' model --table1
expect_line 'PTMalloc2 vs TCMalloc +214\.1 cycles per miss' model --table1
expect_line 'PTMalloc2 vs Mimalloc +225\.7 cycles per miss' model --table1
expect_line 'JeMalloc vs Mimalloc +-440\.1 cycles per miss \(negative' model --table1

# By hand: 1000 calls x 2 x 50 = 100,000 cycles; 100 / 100 = 1 miss per call.
expect_line 'cycles added by offloading +100,000$' model --calls=1000 --atomics=2 --cycles-per-atomic=50 --penalty=100
expect_line 'misses to save per call +1\.0000$' model --calls=1000 --atomics=2 --cycles-per-atomic=50 --penalty=100

# The fixture: glibc vs mimalloc on xalan, medians at 1.01 x the base values:
# (1.18877e9 - 7.02859e8) / ((409959 + 358954 + 1822040) - (149177 + 133421 + 164428)) = 226.6
expect_line 'glibc vs mimalloc +226\.6 cycles per miss' model --penalty-from="$fixture" --pair=glibc,mimalloc --workload=xalan

# Measured: calls from NextGen's statistics (2,797,953); a calibration file gives
# cycles per atomic = round trip / 2 = 40; 4 x 40 = 160 cycles per call.
printf '{"clock_ghz": 2.0, "line_round_trip": {"ns": 40, "cycles": 80}}\n' >"$tmp/cal.json"
expect_line 'malloc and free calls +2,797,953$' model "$fixture" --pair=mimalloc,nextgen --workload=xalan --calibration="$tmp/cal.json"
expect_line '4 atomics x 40 cycles = 160 cycles' model "$fixture" --pair=mimalloc,nextgen --workload=xalan --calibration="$tmp/cal.json"
# measured speedup: 0.707 / 0.6767 = 1.0448
expect_line 'speedup \(reference / offloaded\) +[0-9.]+x +1\.0448x' model "$fixture" --pair=mimalloc,nextgen --workload=xalan --calibration="$tmp/cal.json"

# Any double is printed whole, grouped, never cut: 1e50 as a double is
# 100000000000000007629769841091887003294964970946560 exactly (it printed a
# wrong 62-character number), and 1e308 gives 309 digits in 103 groups.
expect_line 'malloc and free calls +100,000,000,000,000,007,629,769,841,091,887,003,294,964,970,946,560$' \
    model --calls=1e50 --atomics=1 --cycles-per-atomic=1 --penalty=1
expect_line 'malloc and free calls +100,000,000,000,000,001,097,906,362,944,045,541,740,492,309,677,311,846,336,810,682,903,157,585,404,911,491,537,163,328,978,494,688,899,061,249,669,721,172,515,611,590,283,743,140,088,328,307,009,198,146,046,031,271,664,502,933,027,185,697,489,699,588,559,043,338,384,466,165,001,178,426,897,626,212,945,177,628,091,195,786,707,458,122,783,970,171,784,415,105,291,802,893,207,873,272,974,885,715,430,223,118,336$' \
    model --calls=1e308 --atomics=1 --cycles-per-atomic=1 --penalty=1

expect_error "bad option '--calls=abc'" model --calls=abc
expect_error "give --paper" model
expect_error "--pair wants two allocators" model --penalty-from="$fixture" --pair=glibc
expect_error "no runs of jemalloc on xalan" model --penalty-from="$fixture" --pair=glibc,jemalloc --workload=xalan
expect_error "need --calibration=FILE" model "$fixture" --pair=mimalloc,nextgen --workload=xalan
expect_error "No such file" model --table1="$tmp/missing.json"
expect_error "No such file" model "$fixture" --pair=mimalloc,nextgen --calibration="$tmp/missing.json"
exit $((failures != 0))
