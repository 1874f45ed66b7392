"""The floor of phones following the day: a one-line page drawn again the way the app's
phone page is (partnerday/push.py): a thread of the server reads a signature once a second
(here the number in the file named by BARE_COUNTER, which the bench writes where organisers
would open a question) and, when it changed, runs every open page again
(bench/rehearsal.py, bench/phones_follow.py)."""

import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerday.push import RoomPush  # noqa: E402

counter = Path(os.environ["BARE_COUNTER"]) if os.environ.get("BARE_COUNTER") else None


def read_counter() -> str:
    return counter.read_text() if counter else ""


@st.cache_resource
def push() -> RoomPush:
    return RoomPush(read_counter, lambda query: True).start()


push()
shown = read_counter()
st.write(dict(st.query_params))
st.write(f"compteur {shown}")
