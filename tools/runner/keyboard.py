"""Typing on the guest's PS/2 keyboard through QMP.

Characters become QEMU "qcode" key names as on a US keyboard; capitals and
symbols hold shift.
"""

import time

# Characters typed without shift, as QEMU "qcode" key names.
_PLAIN_KEYS = {
    " ": "spc", "\n": "ret", "\t": "tab", "\b": "backspace", "-": "minus", "=": "equal",
    "[": "bracket_left", "]": "bracket_right", "\\": "backslash",
    ";": "semicolon", "'": "apostrophe", "`": "grave_accent",
    ",": "comma", ".": "dot", "/": "slash",
}
# Characters that need shift on a US keyboard, and the key shifted.
_SHIFTED_KEYS = {
    "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7",
    "*": "8", "(": "9", ")": "0", "_": "minus", "+": "equal",
    "{": "bracket_left", "}": "bracket_right", "|": "backslash",
    ":": "semicolon", '"': "apostrophe", "~": "grave_accent",
    "<": "comma", ">": "dot", "?": "slash",
}


def key_codes(ch):
    """The qcodes to press together to type ``ch`` on a US keyboard.

    Raises ValueError for characters that have no key.
    """
    if "a" <= ch <= "z" or "0" <= ch <= "9":
        return [ch]
    if "A" <= ch <= "Z":
        return ["shift", ch.lower()]
    if ch in _PLAIN_KEYS:
        return [_PLAIN_KEYS[ch]]
    if ch in _SHIFTED_KEYS:
        return ["shift", _SHIFTED_KEYS[ch]]
    raise ValueError(f"cannot type {ch!r} with send-keys")


def send_keys(qmp, text, hold_ms=30, gap=0.06):
    """Type ``text`` on the guest's PS/2 keyboard through QMP ``send-key``.

    QEMU presses the keys, holds them ``hold_ms`` and releases them. We wait
    ``gap`` seconds (longer than the hold) between characters, so that a
    shift held for one character is released before the next one and a
    polling driver sees every key.
    """
    for ch in text:
        keys = [{"type": "qcode", "data": k} for k in key_codes(ch)]
        qmp.execute("send-key", {"keys": keys, "hold-time": hold_ms})
        time.sleep(gap)
