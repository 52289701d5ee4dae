"""Typing on the guest's PS/2 keyboard through QMP.

Characters become QEMU "qcode" key names as on a US keyboard; capitals and
symbols hold shift.
"""

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


# The 8042 controller's status port, and its "output buffer full" bit: set
# while a byte waits for the guest to read it from port 0x60.
STATUS_PORT = 0x64
OUTPUT_FULL = 0x01


def type_key(qmp, ch):
    """Press and release the key(s) for ``ch`` through QMP ``input-send-event``
    (shift first, released last)."""
    keys = key_codes(ch)
    events = _key_events(keys, True) + _key_events(list(reversed(keys)), False)
    qmp.execute("input-send-event", {"events": events})


def keyboard_busy(qmp):
    """True while the guest has not yet read every byte typed so far.

    QEMU hands the scancodes to the guest one at a time through the
    controller's output buffer and keeps the rest in a queue of 16 bytes;
    what does not fit is dropped. A shifted character is four bytes, so
    keys sent on the host's clock, to a guest that a busy host runs
    slowly, can overflow it. Reading the status port (the monitor's ``i``,
    which changes nothing in the controller) tells when the guest has
    taken them all: the output buffer stays full until the queue is empty.
    """
    return bool(qmp.inb(STATUS_PORT) & OUTPUT_FULL)
