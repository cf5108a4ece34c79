"""``python -m ekslint``."""

from ekslint.cli import main

if __name__ == "__main__":
    main()
