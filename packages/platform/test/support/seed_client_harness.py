"""Drives the seed's Python `Client` class (seedpy/client/__main__.py, unmodified) against our platform.

Usage: python3 seed_client_harness.py <seedpy dir> <platform port> <username> <password> <friend> <friend password>
Prints one JSON line with what each step returned; exits non-zero (with the error) if a step fails.

Work-arounds, none of which touch the seed:
- client/__init__.py prompts for a port offset on stdin when .env sets DEBUG; passing "0" as argv[1]
  gives it the offset it would ask for.
- udp/__init__.py writes paperclip.log to the cwd; the test runs this script in a temporary directory.
- S_HOST/TCP_PORT point the client at our server; the seed's .env fills in every other variable.
"""
import base64
import json
import os
import sys

seedpy, port, username, password, friend, friend_password = sys.argv[1:7]
os.environ["S_HOST"] = "127.0.0.1"
os.environ["TCP_PORT"] = port
sys.argv = [sys.argv[0], "0"]
import dotenv  # noqa: E402

dotenv.load_dotenv(os.path.join(seedpy, ".env"))  # fills only what is unset
sys.path.insert(0, seedpy)

import logging  # noqa: E402

import requests  # noqa: E402

import udp  # noqa: E402
import udp.auth  # noqa: E402

udp.printHandler.setLevel(logging.ERROR)
from client.__main__ import Client  # noqa: E402

out = {}
out["register"] = Client.createAccount(username, password)
out["register_friend"] = Client.createAccount(friend, friend_password)
client = Client(username, password)  # GET /auth/token, then GET /auth/key (decrypts the key with the password)
out["account_id"] = client.id
out["key_bits"] = client.key.key_size
out["games"] = client.getGames()
game_name = next(iter(out["games"].values()))
lobby = client.createLobby(gameName=game_name)
out["created"] = lobby
out["found"] = client.findLobby(gameName=game_name)
out["lobby"] = client.getLobby(lobby["lobby-id"])
out["lobbies"] = client.getLobbies()
out["added"] = client.addFriend(friend)  # a friend request now: 201, but no friendship yet
out["friends_pending"] = client.getFriends()
# The friend accepts by adding back, the one way the seed client has (as in Nakama).
out["added_back"] = Client(friend, friend_password).addFriend(username)
out["friends"] = client.getFriends()
out["friend_lobbies"] = client.friendLobbies()
out["removed"] = client.removeFriend(friend)
out["friends_after"] = client.getFriends()

# The certificate the seed's RPS client would present, checked as the seed's udp.Server does.
cert = udp.auth.generateUserCertificate(client.key, client.id, client.username)
body = {"certificate": base64.encodebytes(udp.auth.getDerFromCertificate(cert)).decode()}
r = requests.get(
    f"http://127.0.0.1:{port}/auth/certificate/validate",
    headers={"Content-Type": "application/json"},
    data=json.dumps(body),
)
out["validate"] = r.json()
# Wrong password: the seed client's login assertion fails.
try:
    Client.getToken(username, "not-the-password")
    out["wrong_password"] = "accepted"
except AssertionError:
    out["wrong_password"] = "refused"
print(json.dumps(out))
