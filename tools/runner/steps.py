"""Meeting a spec's steps: one function per kind of step, and the table
that picks it.

Each function takes the running :class:`runner.session.BootSession` and
the step, and returns True once the step is met (the session then moves
on to the next step). The kinds and their arguments are described in
:mod:`runner.spec`; the steps the host checks by reading the guest itself
are methods of :class:`runner.host_checks.HostChecks`.
"""

from .keyboard import keyboard_busy, type_key
from .screen import read_cursor


def serial_found(session, step):
    """serial "text": the text appears after the previous serial match."""
    found = session.serial.text.find(step.text, session.serial_pos)
    if found < 0:
        return False
    session.serial_pos = found + len(step.text)
    return True


def keys_typed(session, step):
    """send-keys "text": type it, a key at a time; met when the last is typed.

    Each key after the first waits until the guest has read every byte of
    the ones before (:func:`runner.keyboard.keyboard_busy`), so no key is
    lost however slowly the guest runs. The last key is not waited for: a
    kernel may take it later, or never, or exit on it before QEMU answers
    (the step was met: runner.session's on_exit() sees last_sent_for)."""
    if session.keys_sent == 0:
        session.serial.mark_input()    # what follows may echo the keys
    while session.keys_sent < len(step.text):
        if session.keys_sent and keyboard_busy(session.qmp):
            return False
        if session.keys_sent == len(step.text) - 1:
            session.last_sent_for = session.step_index
        type_key(session.qmp, step.text[session.keys_sent])
        session.keys_sent += 1
    session.keys_sent = 0
    return True


def nmis_injected(session, step):
    """inject-nmi COUNT [INTERVAL]: send them (done at once).

    inject-nmi COUNT each "text": send the next NMI once the kernel has
    printed the text for every NMI sent so far; met when the last one is
    sent (the spec's next steps wait for its report)."""
    if not step.each:
        session.qmp.inject_nmis(step.count, step.interval)
        return True
    if session.nmis_sent == 0:
        session.nmi_reports_from = len(session.serial.text)
    reports = session.serial.text.count(step.each, session.nmi_reports_from)
    if reports >= session.nmis_sent:
        if session.nmis_sent == step.count - 1:
            session.last_sent_for = session.step_index
        session.qmp.execute("inject-nmi")
        session.nmis_sent += 1
    return session.nmis_sent == step.count


def screen_shows(session, step):
    """screen, screen-row, screen-attr: read the screen and compare."""
    rows = session.look_at_screen()
    if step.kind == "screen":
        # Joined rows: text that wraps past column 79 is found too.
        return step.text in "".join(text for text, _ in rows)
    if step.kind == "screen-row":
        return rows[step.row][0].startswith(step.text)
    return rows[step.row][1][step.col] == step.attr


STEPS = {
    "serial": serial_found,
    "send-keys": keys_typed,
    "inject-nmi": nmis_injected,
    "cursor": lambda session, step: read_cursor(session.qmp) == (step.row, step.col),
    "screen": screen_shows,
    "screen-row": screen_shows,
    "screen-attr": screen_shows,
    "display": lambda session, step: session.display_matches(),
    "page": lambda session, step: session.page_matches(step),
    "stack": lambda session, step: session.stack_matches(step),
    "backtrace": lambda session, step: session.backtrace_matches(step),
    "stack-used": lambda session, step: session.stack_use_matches(step),
}


def step_met(session, step):
    """Check (or perform) one step; True when it is done."""
    return STEPS[step.kind](session, step)
