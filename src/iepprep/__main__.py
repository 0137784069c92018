from iepprep.start import main

main()
