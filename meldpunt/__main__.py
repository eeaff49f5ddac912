from meldpunt.cli import main

main()
