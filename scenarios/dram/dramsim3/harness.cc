// Replays a trace in DRAMSim3's own format through an unmodified DRAMsim3 (MemorySystem's public API) and
// writes, per request in trace order, the cycle its completion callback fired: the reference figures
// Sim's DramSim3ComparisonTests hold `sim dram` against. Requests enter in trace order, each at its own
// cycle or, when the controller refuses it, at the first later cycle it accepts it (as `sim dram` offers them).
// Built and run by run-dramsim3.sh, which says how.
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include "memory_system.h"

struct Request { uint64_t address; bool write; uint64_t cycle; long done; };

int main(int argc, char** argv) {
  if (argc != 4) { std::fprintf(stderr, "usage: harness CONFIG.ini TRACE OUTPUT_DIR\n"); return 2; }
  std::vector<Request> requests;
  std::ifstream in(argv[2]);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string address, op;
    uint64_t cycle;
    if (!(fields >> address >> op >> cycle)) continue;
    requests.push_back(Request{std::stoull(address, nullptr, 16), op == "WRITE", cycle, -1});
  }
  std::map<uint64_t, std::deque<size_t>> pending;  // address -> requests awaiting their callback, oldest first
  uint64_t clock = 0;
  size_t completed = 0;
  auto complete = [&](uint64_t address) {
    auto& waiting = pending[address];
    requests[waiting.front()].done = static_cast<long>(clock);
    waiting.pop_front();
    completed++;
  };
  dramsim3::MemorySystem memory(argv[1], argv[3], complete, complete);
  size_t next = 0;
  while (completed < requests.size()) {
    while (next < requests.size() && requests[next].cycle <= clock &&
           memory.WillAcceptTransaction(requests[next].address, requests[next].write)) {
      memory.AddTransaction(requests[next].address, requests[next].write);
      pending[requests[next].address].push_back(next);
      next++;
    }
    memory.ClockTick();
    clock++;
  }
  std::printf("request,op,trace_cycle,completion_cycle\n");
  for (size_t i = 0; i < requests.size(); i++)
    std::printf("%zu,%s,%llu,%ld\n", i, requests[i].write ? "WRITE" : "READ",
                static_cast<unsigned long long>(requests[i].cycle), requests[i].done);
  memory.PrintStats();
  return 0;
}
