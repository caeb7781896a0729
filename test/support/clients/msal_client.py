"""MSAL for Python, unmodified: acquire_token_for_client against the emulator.

Trusts the emulator's CA through REQUESTS_CA_BUNDLE (requests' standard variable). Config comes
in CLIENT_CONFIG (JSON); prints one JSON line: {"accessToken": ...} or MSAL's error dict.
"""
import json
import os
import sys

import msal

cfg = json.loads(os.environ["CLIENT_CONFIG"])
if "clientSecret" in cfg:
    credential = cfg["clientSecret"]
else:
    credential = {"private_key": cfg["privateKey"], "thumbprint": cfg["thumbprint"]}
# instance_discovery=False is MSAL's documented switch for authorities it does not know;
# otherwise it would ask login.microsoftonline.com to vouch for the emulator's host.
app = msal.ConfidentialClientApplication(
    cfg["clientId"], authority=cfg["authority"], client_credential=credential, instance_discovery=False
)
result = app.acquire_token_for_client(scopes=[cfg["scope"]])
if "access_token" in result:
    print(json.dumps({"accessToken": result["access_token"], "tokenType": result.get("token_type")}))
else:
    print(json.dumps({"error": result.get("error"), "error_codes": result.get("error_codes"), "error_description": result.get("error_description")}))
    sys.exit(1)
