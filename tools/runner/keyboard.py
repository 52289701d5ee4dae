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


def _key_events(keys, down):
    """QMP input events pressing (down=True) or releasing a list of qcodes."""
    return [{"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": k}}}
            for k in keys]


def send_keys(qmp, text, gap=0.01):
    """Type ``text`` on the guest's PS/2 keyboard through QMP ``input-send-event``.

    Each character is pressed and released at once (shift first, released
    last), and we wait ``gap`` seconds before the next one. QEMU puts the
    scancodes into the PS/2 controller's queue, which holds 16 bytes, and
    hands them to the guest one interrupt at a time; the gap keeps at most a
    few characters in flight, so the queue never overflows even if the guest
    is slow to take the interrupts. (QMP ``send-key`` with a hold time goes
    through a queue of QEMU's own, which was seen to drop keys when a long
    text backed it up.)
    """
    for ch in text:
        keys = key_codes(ch)
        events = _key_events(keys, True) + _key_events(list(reversed(keys)), False)
        qmp.execute("input-send-event", {"events": events})
        time.sleep(gap)
