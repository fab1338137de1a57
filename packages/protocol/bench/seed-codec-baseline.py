"""Baseline for codec.bench.ts: the Python seed's own pack/unpack and flag pipeline, in packets (messages)/s.

Run by codec.bench.ts as `python3 seed-codec-baseline.py <interop dir> <runs>`; prints one JSON object of
medians.  Same inputs as the TypeScript bench: a DEFAULT with a 32-byte payload and a 1200-byte payload
under RELIABLE+CHECKSUM+ENCRYPTED (the pipeline adds FRAG, as ours does, since 1242 B exceeds 1024 B).
"""
import json
import os
import statistics
import sys
import tempfile
import timeit

sys.path.insert(0, sys.argv[1])
os.chdir(tempfile.mkdtemp(prefix="paperclip_bench_"))  # the seed writes paperclip.log to the cwd
import _seedenv  # noqa: E402

_seedenv.prepare({})
from udp import packet  # noqa: E402

RUNS = int(sys.argv[2])
key = bytes(range(32))
small = packet.Packet(sequence_id=2, flags=packet.lazyFlags(), data=bytes(range(32)))
small_bytes = small.pack(small)
F = packet.Flag
big = packet.Packet(sequence_id=5, flags=packet.lazyFlags(F.RELIABLE, F.CHECKSUM, F.ENCRYPTED), data=os.urandom(1200))
big.setChecksum()
big.encryptData(key)
big_bytes = big.pack(big)


def seal():
    p = packet.Packet(sequence_id=5, flags=packet.lazyFlags(F.RELIABLE, F.CHECKSUM, F.ENCRYPTED, F.FRAG),
                      data=bytes(1200))
    p.setChecksum()
    p.encryptData(key)
    return [f.pack(f) for f in p.fragment()]


sealed = seal()


def open_():
    frags = [packet.unpack(b) for b in sealed]
    whole = packet.Packet.defragment(frags)
    whole.decryptData(key)
    assert whole.validateChecksum()


cases = {
    "decode 32 B DEFAULT": lambda: packet.unpack(small_bytes),
    "encode 32 B DEFAULT": lambda: small.pack(small),
    "decode 1200 B RELIABLE+CHECKSUM+ENCRYPTED": lambda: packet.unpack(big_bytes),
    "encode 1200 B RELIABLE+CHECKSUM+ENCRYPTED": lambda: big.pack(big),
    "seal 1200 B RELIABLE+CHECKSUM+ENCRYPTED": seal,
    "open 1200 B RELIABLE+CHECKSUM+ENCRYPTED": open_,
}
out = {}
for name, fn in cases.items():
    rates = []
    for _ in range(RUNS):
        n = 2000
        rates.append(n / timeit.timeit(fn, number=n))
    out[name] = statistics.median(rates)
print(json.dumps(out))
