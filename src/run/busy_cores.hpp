// Threads inside a replica on a busy machine (docs/performance.md#a-busy-machine). A replica's threads
// wait for each other at every level, round or step: when another process holds one of their cores,
// every wait lasts a time slice, and two threads run slower than one. Results do not depend on the
// thread count, so a run may use fewer: simulate() asks before each output interval.
// Internal to src/run (simulation.cpp).
#pragma once

namespace grazing {

// The cores other processes keep busy now: the machine's runnable tasks (/proc/loadavg's fourth field,
// "running/total") minus this process's own running threads (/proc/self/task/*/stat, state R), the
// least of up to ten looks 1 ms apart (one when it finds none); 0 where /proc cannot be read.
int cores_busy_elsewhere();

// `want` threads, or fewer so that they fit the cores that other processes leave free (at least one).
int threads_for_load(int want, int cores);

}  // namespace grazing
