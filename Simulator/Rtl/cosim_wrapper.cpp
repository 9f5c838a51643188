// C ABI over the Verilated weight-stationary pe_array, for Sim's P/Invoke binding (Sim.Cosim.RtlLibrary).
// The shared part (create, reset, step, outputs, VCD) is cosim_common.h; here are pe_array's inputs.
//
// Inputs beyond cosim_common.h's conventions: 2-bit weight indices as bytes (low two bits), the 2:4
// activation groups as four int16 per row. The static mode inputs are zero_gating_en and structured_2_4_en.

#include "Vpe_array.h"

using SimTop = Vpe_array;
#define SIM_TOP_NAME "pe_array"
#include "cosim_common.h"

namespace {

void DriveIdle(SimTop& top) {
    top.weight_load_en = 0;
    top.weight_load_bank = 0;
    StoreZeros(top.act_bank_in);
    StoreZeros(top.weight_in);
    StoreZeros(top.weight_index_in);
    StoreZeros(top.act_in);
    StoreZeros(top.act_valid_in);
    StoreZeros(top.act_group_in);
}

void ClearModes(SimTop& top) {
    top.zero_gating_en = 0;
    top.structured_2_4_en = 0;
}

}  // namespace

// The static mode inputs zero_gating_en and structured_2_4_en (0 or 1), from the next edge on.
SIM_API void sim_pe_set_mode(SimPeArray* array, int32_t zero_gating_en, int32_t structured_2_4_en) {
    array->top->zero_gating_en = zero_gating_en ? 1 : 0;
    array->top->structured_2_4_en = structured_2_4_en ? 1 : 0;
}

// Drives the input ports for the next edge: weight_load_en and weight_load_bank, weight_in[SIM_COLS],
// weight_index_in[SIM_COLS] (low two bits of each byte), act_in[SIM_ROWS], act_valid_in[SIM_ROWS],
// act_bank_in[SIM_ROWS], act_group_in[SIM_ROWS][4] (row r's activation i at [4r + i]). weight_index_in,
// act_bank_in and act_group_in may be null: all zero (dense mode, bank 0).
SIM_API void sim_pe_set_inputs(SimPeArray* array, int32_t weight_load_en, int32_t weight_load_bank, const int16_t* weight_in,
                               const uint8_t* weight_index_in, const int16_t* act_in,
                               const uint8_t* act_valid_in, const uint8_t* act_bank_in, const int16_t* act_group_in) {
    SimTop& top = *array->top;
    top.weight_load_en = weight_load_en ? 1 : 0;
    top.weight_load_bank = weight_load_bank ? 1 : 0;
    StoreBus(top.weight_in, weight_in, SIM_COLS, SIM_WIDTH);
    StoreBus(top.weight_index_in, weight_index_in, SIM_COLS, 2);
    StoreBus(top.act_in, act_in, SIM_ROWS, SIM_WIDTH);
    StoreBus(top.act_valid_in, act_valid_in, SIM_ROWS, 1);
    StoreBus(top.act_bank_in, act_bank_in, SIM_ROWS, 1);
    StoreBus(top.act_group_in, act_group_in, 4 * SIM_ROWS, SIM_WIDTH);
}

// assert_fail_out as registered at the last edge: one sticky bit per protocol assertion of pe_array.v.
SIM_API uint32_t sim_pe_assertions(SimPeArray* array) { return array->top->assert_fail_out; }
