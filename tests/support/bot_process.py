"""`python -m bot run ARGS`, pointed at a fake Discord: the bot as a process of its own, for tests of
several processes sharing one database (tests/discord_app/test_processes.py runs it as
`python -m tests.support.bot_process ARGS` from the checkout).

The fake's addresses come from FAKE_DISCORD_API and FAKE_DISCORD_GATEWAY, as the `fake_discord`
fixture points an in-process client at it.
"""

import os
import sys

import discord
import yarl

from bot.cli import main

discord.http.Route.BASE = os.environ["FAKE_DISCORD_API"]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])
sys.exit(main(["run", *sys.argv[1:]]))
