#!/usr/bin/env python3
"""Measures the width corpus in a real tmux and with Python's wcwidth.

Run once by hand (needs tmux and `pip install wcwidth`); it rewrites
Tests/TerminalUITests/Fixtures/width-corpus.json, which the unit tests read.
Each name is measured after the client's own escaping (see Sanitizer.swift),
because raw controls never reach the terminal.

    python3 scripts/measure-width-corpus.py
"""
import ctypes, json, os, re, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = os.path.join(ROOT, "scripts", "width-corpus-names.txt")
FIXTURE = os.path.join(ROOT, "Tests", "TerminalUITests", "Fixtures", "width-corpus.json")
DISTURBING = {0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF, *range(0x202A, 0x202F),
              *range(0x2060, 0x2065), *range(0x2066, 0x2070), *range(0xFFF9, 0xFFFC)}


def unescape(text):
    return re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: chr(int(m.group(1), 16)), text)


LIBC = ctypes.CDLL("libc.so.6")
LIBC.setlocale(6, b"C.UTF-8")  # LC_ALL, so wcwidth knows UTF-8
CELL_CODE_POINTS = 5  # TerminalGraphemes.codePointsPerCell


def libc_width(ch):
    return max(0, LIBC.wcwidth(ctypes.c_wchar(ch)))


def escape(ch):
    v = ord(ch)
    if v < 0x20 or v == 0x7F:
        return {0x1B: "\\e", 0x0A: "\\n", 0x09: "\\t", 0x0D: "\\r"}.get(v, "\\x%02x" % v)
    if 0x80 <= v <= 0x9F or v in DISTURBING:
        return "\\u{%x}" % v
    return None


def visible(text):
    """The same escaping as Sanitizer.visible."""
    out, room, after_joiner = [], 0, False
    for i, ch in enumerate(text):
        escaped = escape(ch)
        if escaped is not None:
            out.append(escaped)
            room, after_joiner = 0, False
            continue
        joins = libc_width(ch) == 0 or (after_joiner and ord(ch) >= 0x80)
        after_joiner = False
        if not joins:
            room = CELL_CODE_POINTS - 1
        elif ch == "\u200d":
            nxt = text[i + 1] if i + 1 < len(text) else None
            fits = room >= 2 and nxt is not None and ord(nxt) >= 0x80 and escape(nxt) is None
        else:
            fits = room >= 1
        if joins and not fits:
            out.append("\\u{%x}" % ord(ch))
            room = 0
            continue
        if joins:
            room -= 1
        after_joiner = ch == "\u200d"
        out.append(ch)
    return "".join(out)


PROBE = r'''
import json, os, sys, termios, tty
texts = json.load(open(sys.argv[1]))
tty_fd = os.open("/dev/tty", os.O_RDWR)
saved = termios.tcgetattr(tty_fd)
tty.setraw(tty_fd)
def column():
    os.write(tty_fd, b"\x1b[6n")
    reply = b""
    while not reply.endswith(b"R"):
        reply += os.read(tty_fd, 1)
    return int(reply.split(b";")[1][:-1]) - 1
results = []
for text in texts:
    os.write(tty_fd, b"\x1b[H\x1b[2J" + text.encode())
    alone = column()
    os.write(tty_fd, b"\x1b[H\x1b[2J" + text.encode() + "\u2502".encode())
    results.append([alone, column()])
termios.tcsetattr(tty_fd, termios.TCSANOW, saved)
json.dump(results, open(sys.argv[2], "w"))
'''


def tmux_widths(texts):
    """Cursor column after each text, and after it and a box border `│`, which tmux 3.3a glues
    into the cell before when a joiner is left dangling (then the cursor does not move)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = [os.path.join(tmp, n) for n in ("in.json", "out.json", "probe.py")]
        json.dump(texts, open(paths[0], "w"))
        open(paths[2], "w").write(PROBE)
        socket = "width-corpus-%d" % os.getpid()
        command = "python3 %s %s %s" % (paths[2], paths[0], paths[1])
        subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new", "-d", "-x", "200", "-y", "10",
                        "env LANG=C.UTF-8 " + command], check=True)
        for _ in range(200):
            if os.path.exists(paths[1]) and os.path.getsize(paths[1]) > 0:
                break
            time.sleep(0.1)
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, stderr=subprocess.DEVNULL)
        return json.load(open(paths[1]))


def main():
    import wcwidth
    entries = []
    for line in open(NAMES, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        key, escaped = line.rstrip("\n").split("\t")
        entries.append((key, unescape(escaped)))
    shown = [visible(name) for _, name in entries]
    measured = tmux_widths(shown)
    corpus = []
    for (key, name), text, (alone, with_bar) in zip(entries, shown, measured):
        corpus.append({"key": key, "name": name, "shown": text, "tmux": alone, "tmuxThenBorder": with_bar,
                       "wcwidth": wcwidth.wcswidth(text)})
    tmux_version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    fixture = {"generatedBy": "scripts/measure-width-corpus.py with %s and Python wcwidth %s"
               % (tmux_version, wcwidth.__version__), "names": corpus}
    with open(FIXTURE, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
