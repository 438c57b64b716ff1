"""Schemathesis hooks for bench/fuzz.py (loaded through SCHEMATHESIS_HOOKS).

Idempotency-Key: a key reused with another body is refused with 422 by design (IETF Idempotency-Key draft; covered by
IdempotencyKeyTest). Generated keys collide across unrelated bodies (one-character keys are common), which would make
schema-valid launches fail for a reason no schema can state. So every well-formed generated key is made unique; a
malformed one is left as generated, so that the service is still fuzzed with bad keys.
"""
import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r"[!-~]{1,255}")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and WELL_FORMED.fullmatch(str(headers[name])):
            headers[name] = "fuzz-" + uuid.uuid4().hex
    return None
