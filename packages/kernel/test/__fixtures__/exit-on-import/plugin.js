// Ends the process while it is imported, as some careless CLIs' entry modules do.
process.exit(0);
