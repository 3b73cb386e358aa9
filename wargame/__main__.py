from wargame.cli import entry

entry()
