#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) that keeps nothing but counts what it receives.

Usage: smtp_count.py PORT COUNT_FILE — writes the number of messages received so far to
COUNT_FILE after each one (and 0 at start). Used by bench/reminders.sh.
"""
import asyncio
import sys

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self, path):
        self.path = path
        self.count = 0
        self.write()

    def write(self):
        with open(self.path, "w") as f:
            f.write(str(self.count))

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.write()
        return "250 OK"


async def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Counter(path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        await asyncio.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    asyncio.run(main())
