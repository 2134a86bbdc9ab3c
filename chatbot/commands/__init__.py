"""One module per ``slotbot`` subcommand: ``add_parser(subparsers)`` and ``run(args)``."""
