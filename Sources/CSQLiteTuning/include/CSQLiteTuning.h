#ifndef CSQLITETUNING_H
#define CSQLITETUNING_H

/// Turns off SQLite's memory statistics, process-wide. Debian's SQLite is
/// built without lookaside memory, so every small allocation of a query
/// goes through malloc, and with statistics on each takes one global
/// mutex: two readers working side by side then wait on each other. Only
/// takes effect before SQLite is first used; returns SQLite's result code
/// (SQLITE_MISUSE if it was too late).
int startwell_sqlite_disable_memory_statistics(void);

#endif
