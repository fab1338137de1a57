"""Opens datagrams sealed by our TypeScript codec with the Python seed's own udp.packet code.

stdin: {"key": hex, "messages": [[datagram hex, ...], ...]}; argv[1]: ../shared/interop.
stdout: {"results": [{"plaintext": hex, "checksum_ok": bool|null, "repacked": bool}, ...]}
The seed's receive order is used: defragment -> decrypt -> decompress -> validate checksum (Node.handleFlags).
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, sys.argv[1])
os.chdir(tempfile.mkdtemp(prefix="paperclip_seed_open_"))  # the seed writes paperclip.log to the cwd
import _seedenv  # noqa: E402

_seedenv.prepare({})
from udp import packet  # noqa: E402

F = packet.Flag
request = json.load(sys.stdin)
key = bytes.fromhex(request["key"])
results = []
for datagrams in request["messages"]:
    raw = [bytes.fromhex(h) for h in datagrams]
    parts = [packet.unpack(b) for b in raw]
    repacked = all(p.pack(p) == b for p, b in zip(parts, raw))
    if parts[0].flags[F.FRAG.value]:
        parts.sort(key=lambda p: p.fragment_id)
        whole = packet.Packet.defragment(parts)
    else:
        whole = parts[0]
    if whole.flags[F.ENCRYPTED.value]:
        whole.decryptData(key)
    if whole.flags[F.COMPRESSED.value]:
        whole.decompressData()
    checksum_ok = whole.validateChecksum() if whole.flags[F.CHECKSUM.value] else None
    data = whole.data if whole.data is not None else b""
    results.append({"plaintext": data.hex(), "checksum_ok": checksum_ok, "repacked": repacked})
print(json.dumps({"results": results}))
