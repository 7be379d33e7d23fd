from atlhyper.cli import main

main()
