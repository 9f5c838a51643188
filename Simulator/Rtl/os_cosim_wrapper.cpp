// C ABI over the Verilated output-stationary os_array, for Sim's P/Invoke binding (Sim.Cosim.RtlLibrary).
// The shared part (create, reset, step, outputs, VCD) is cosim_common.h; here are os_array's inputs,
// exported as sim_os_* because only this library has them. The static mode input is zero_gating_en.

#include "Vos_array.h"

using SimTop = Vos_array;
#define SIM_TOP_NAME "os_array"
#include "cosim_common.h"

namespace {

void DriveIdle(SimTop& top) {
    top.drain = 0;
    StoreZeros(top.act_in);
    StoreZeros(top.act_valid_in);
    StoreZeros(top.weight_in);
    StoreZeros(top.weight_valid_in);
}

void ClearModes(SimTop& top) { top.zero_gating_en = 0; }

}  // namespace

// The static mode input zero_gating_en (0 or 1), from the next edge on.
SIM_API void sim_os_set_mode(SimPeArray* array, int32_t zero_gating_en) { array->top->zero_gating_en = zero_gating_en ? 1 : 0; }

// Drives the input ports for the next edge: act_in[SIM_ROWS], act_valid_in[SIM_ROWS], weight_in[SIM_COLS],
// weight_valid_in[SIM_COLS] and drain.
SIM_API void sim_os_set_inputs(SimPeArray* array, const int16_t* act_in, const uint8_t* act_valid_in,
                               const int16_t* weight_in, const uint8_t* weight_valid_in, int32_t drain) {
    SimTop& top = *array->top;
    StoreBus(top.act_in, act_in, SIM_ROWS, SIM_WIDTH);
    StoreBus(top.act_valid_in, act_valid_in, SIM_ROWS, 1);
    StoreBus(top.weight_in, weight_in, SIM_COLS, SIM_WIDTH);
    StoreBus(top.weight_valid_in, weight_valid_in, SIM_COLS, 1);
    top.drain = drain ? 1 : 0;
}
