import sys

from partnerday.cli import main

sys.exit(main())
