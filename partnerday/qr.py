"""Short links to the app's root and their QR codes (they survive page renames)."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def link(base_url: str, **params: str) -> str:
    return f"{base_url.rstrip('/')}/?{urlencode(params)}"


def person_link(base_url: str, token: str) -> str:
    return link(base_url, p=token)


def group_link(base_url: str, token: str) -> str:
    return link(base_url, g=token)


def walk_in_link(base_url: str, token: str) -> str:
    return link(base_url, w=token)


def join_link(base_url: str, token: str) -> str:
    return link(base_url, j=token)


def screen_link(base_url: str, token: str) -> str:
    return link(base_url, s=token)


def qr_png(data: str, box_size: int = 10, border: int = 2) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
