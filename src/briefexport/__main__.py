from briefexport.cli import main

main()
