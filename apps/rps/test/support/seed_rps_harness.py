"""Runs the seed's own interactive RPS player (seedpy/client + seedpy/rps, unmodified) against our platform.

Usage: python3 -u seed_rps_harness.py <seedpy dir> <platform host> <username> <password> <lobby id> <client udp port>

The seed's client.Client logs in (GET /auth/token, GET /auth/key), then Client.join(lobby id) asks GET /lobby/
for the lobby's address and runs rps.client.Client there: the v0 handshake (our lobby server's certificate is
checked at http://<lobby host>:5000/auth/certificate/validate, the seed's hard-coded port), then the seed's
gameloop, which reads picks with inputimeout and sends {"choice": n}. The test writes the picks ("0", "q") to
this script's stdin as the seed's prompts appear on its stdout.

Work-arounds, none of which touch the seed:
- inputimeout calls termios.tcflush on stdin when its 10 s timer fires, which fails on a pipe; stdin is
  therefore a pseudo-terminal whose input this script relays from its own stdin.
- client/__init__.py prompts for a port offset when .env sets DEBUG; argv[1] = "0" gives it one.
- udp writes paperclip.log to the cwd; the test runs this script in a temporary directory.
"""
import json
import os
import pty
import sys
import termios
import threading

seedpy, host, username, password, lobby_id, client_port = sys.argv[1:7]
os.environ["S_HOST"] = host
os.environ["TCP_PORT"] = "5000"
os.environ["C_HOST"] = host
os.environ["C_PORT"] = client_port
sys.argv = [sys.argv[0], "0"]

# stdin becomes a pty (canonical mode, no echo) fed from the pipe the test writes to.
pipe_in = os.dup(0)
master, slave = pty.openpty()
attributes = termios.tcgetattr(slave)
attributes[3] &= ~termios.ECHO
termios.tcsetattr(slave, termios.TCSANOW, attributes)
os.dup2(slave, 0)


def relay() -> None:
    while True:
        data = os.read(pipe_in, 1024)
        if not data:
            return
        os.write(master, data)


threading.Thread(target=relay, daemon=True).start()

import dotenv  # noqa: E402

dotenv.load_dotenv(os.path.join(seedpy, ".env"))  # fills only what is unset
sys.path.insert(0, seedpy)

import logging  # noqa: E402

import udp  # noqa: E402

udp.printHandler.setLevel(logging.ERROR)
from client.__main__ import Client  # noqa: E402

client = Client(username, password)
print(json.dumps({"event": "logged-in", "account-id": client.id}), flush=True)
client.join(int(lobby_id))  # the seed's gameloop: runs until the player quits (and then hangs, see the test)
