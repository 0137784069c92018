from iepprep.cli import main

main()
