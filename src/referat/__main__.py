from referat.cli.entry import main

main()
