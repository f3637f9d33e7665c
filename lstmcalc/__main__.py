from lstmcalc.cli import main

main()
