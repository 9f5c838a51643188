// One weight-stationary processing element: the Verilog twin of Sim.PeArray.ProcessingElement and of
// one PE of Sim.PeArray.SystolicArray (sparsity included).
//
// Registers: the stationary weight, the activation passing right (with its valid bit) and the
// partial sum passing down (with its valid bit); for 2:4 mode also the 2-bit weight index, loaded
// down the column with the weight, and the four-activation group register passing right. Every
// register takes its next value from the input wires at the rising edge; synchronous reset clears
// them all.
//
// The MAC uses the weight held before the edge, so a weight shifting in during load never meets
// an activation in the same cycle. An invalid activation is gated to a zero product, so a bubble
// cannot corrupt a sum whatever the driver leaves on the wire.
//
// Static mode inputs (held for a whole tile, changed only between tiles):
//   structured_2_4_en  the index mux picks act_group_in[weight_idx] as the activation to multiply
//                      (and to latch into act); the group and index registers shift. Low: the
//                      activation is act_in and the group and index registers hold.
//   zero_gating_en     a PE whose selected activation or stationary weight is zero does not
//                      multiply: its multiplier's operands are isolated to zero and P = psum_in.
// With both low the PE is the dense PE.
//
// MAC flags (combinational, for this edge; the array counts them per column): a valid activation is
// one MAC slot, counted as gated (zero_gating_en and a zero operand) or as active, and an active
// one as repeated when its selected activation equals the one latched at the previous edge and
// that one was valid.
//
// Two weight buffers (WEIGHT_BUFFERS = 2): a second weight register (and 2:4 index), bank 1, with its
// own load chain (weight1_in from the PE above; weight_load_bank picks the chain that shifts), and a bank
// bit that enters with each activation (act_bank_in) and is latched beside it (act_bank), so the MAC
// multiplies by the weight of its own tile while the next tile's weights shift into the other bank.
// With one buffer the bank inputs are ignored and bank 1 does not exist.
//
// Deliberate defects, for proving that cosimulation catches a fault (never in a real build):
//   SIM_DEFECT_ACC_BIT=b   bit b of the accumulator adder's result is stuck at zero.
//   SIM_DEFECT_INDEX_MUX   the index mux's low select bit is inverted: a 2:4 PE multiplies the other
//                          activation of its pair in the group (index i ^ 1).
//   SIM_DEFECT_BANK        the MAC ignores the activation's bank and always multiplies by bank 0.
//   SIM_DEFECT_PSUM_NO_RESET   reset leaves the partial-sum register as it was.
//   SIM_DEFECT_VALID_NO_RESET  reset leaves the activation's valid bit as it was.
//   SIM_DEFECT_LOAD_BYPASS     while bank 0 loads, the MAC multiplies by the weight shifting in, not the one held.
//   SIM_DEFECT_GATE_ACT_ONLY   zero gating looks at the activation only, not at the weight.
//   SIM_DEFECT_REPEAT_ANY_BANK a repeated operand is counted across a change of bank (of tile).
//   SIM_DEFECT_PRODUCT_TRUNC   the product keeps 2W - 1 bits: only -2^(W-1) x -2^(W-1) overflows them.
//   SIM_DEFECT_MODE_LATE       the index register loads under the 2:4 mode of the edge before, one edge late.

`default_nettype none

module pe #(
    parameter integer WIDTH          = 16,  // signed operand width; at most ACC_WIDTH / 2
    parameter integer ACC_WIDTH      = 32,  // signed, wrapping partial-sum width
    parameter integer WEIGHT_BUFFERS = 1    // 1, or 2 for a second weight bank
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 zero_gating_en,
    input  wire                 structured_2_4_en,
    input  wire                 weight_load_en,
    input  wire                 weight_load_bank,
    input  wire [WIDTH-1:0]     weight_in,
    input  wire [1:0]           weight_idx_in,
    /* verilator lint_off UNUSEDSIGNAL */  // bank 1's inputs: unused with one weight buffer
    input  wire [WIDTH-1:0]     weight1_in,
    input  wire [1:0]           weight_idx1_in,
    input  wire                 act_bank_in,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire [WIDTH-1:0]     act_in,
    input  wire                 act_valid_in,
    input  wire [4*WIDTH-1:0]   act_group_in,
    input  wire [ACC_WIDTH-1:0] psum_in,
    input  wire                 psum_valid_in,
    output reg  [WIDTH-1:0]     weight,
    output reg  [1:0]           weight_idx,
    output wire [WIDTH-1:0]     weight1,
    output wire [1:0]           weight_idx1,
    output reg  [WIDTH-1:0]     act,
    output reg                  act_valid,
    output wire                 act_bank,
    output reg  [4*WIDTH-1:0]   act_group,
    output reg  [ACC_WIDTH-1:0] psum,
    output reg                  psum_valid,
    output wire                 mac_active,
    output wire                 mac_gated,
    output wire                 mac_repeated
);
    localparam integer PRODUCT_WIDTH = 2 * WIDTH;

    wire load0 = weight_load_en && !weight_load_bank;

    // Bank 1 and the bank bit, with two buffers; the activation's bank picks the weight and index.
    wire             bank_sel;
    wire [WIDTH-1:0] weight_use;
    wire [1:0]       idx_use;
    generate
        if (WEIGHT_BUFFERS == 2) begin : g_two_banks
            wire            load1 = weight_load_en && weight_load_bank;
            reg [WIDTH-1:0] weight1_r;
            reg [1:0]       weight_idx1_r;
            reg             act_bank_r;
            always @(posedge clk) begin
                if (rst) begin
                    weight1_r     <= {WIDTH{1'b0}};
                    weight_idx1_r <= 2'b00;
                    act_bank_r    <= 1'b0;
                end else begin
                    if (load1)
                        weight1_r <= weight1_in;
                    if (load1 && structured_2_4_en)
                        weight_idx1_r <= weight_idx1_in;
                    act_bank_r <= act_bank_in;
                end
            end
            assign weight1     = weight1_r;
            assign weight_idx1 = weight_idx1_r;
            assign act_bank    = act_bank_r;
`ifdef SIM_DEFECT_BANK
            assign bank_sel    = 1'b0;
`else
            assign bank_sel    = act_bank_in;
`endif
        end else begin : g_one_bank
            assign weight1     = {WIDTH{1'b0}};
            assign weight_idx1 = 2'b00;
            assign act_bank    = 1'b0;
            assign bank_sel    = 1'b0;
        end
    endgenerate
`ifdef SIM_DEFECT_LOAD_BYPASS
    assign weight_use = bank_sel ? weight1 : load0 ? weight_in : weight;
`else
    assign weight_use = bank_sel ? weight1 : weight;
`endif
    assign idx_use    = bank_sel ? weight_idx1 : weight_idx;

    // The 2:4 index mux: which of the group's four activations (K rows 4g..4g+3) this PE's weight
    // belongs to.
`ifdef SIM_DEFECT_INDEX_MUX
    wire [1:0] select = idx_use ^ 2'b01;
`else
    wire [1:0] select = idx_use;
`endif
    reg [WIDTH-1:0] group_pick;
    always @* begin
        case (select)
            2'd0:    group_pick = act_group_in[0*WIDTH +: WIDTH];
            2'd1:    group_pick = act_group_in[1*WIDTH +: WIDTH];
            2'd2:    group_pick = act_group_in[2*WIDTH +: WIDTH];
            default: group_pick = act_group_in[3*WIDTH +: WIDTH];
        endcase
    end
    wire [WIDTH-1:0] act_sel = structured_2_4_en ? group_pick : act_in;

    // Zero gating, and the MAC slot's class.
`ifdef SIM_DEFECT_GATE_ACT_ONLY
    wire operand_zero = act_sel == {WIDTH{1'b0}};
`else
    wire operand_zero = act_sel == {WIDTH{1'b0}} || weight_use == {WIDTH{1'b0}};
`endif
    wire gate         = zero_gating_en && operand_zero;
    wire fire         = act_valid_in && !gate;
    assign mac_active   = fire;
    assign mac_gated    = act_valid_in && gate;
    // Repeats count within a tile: consecutive tiles use different banks.
`ifdef SIM_DEFECT_REPEAT_ANY_BANK
    assign mac_repeated = fire && act_valid && act == act_sel;
`else
    assign mac_repeated = fire && act_valid && act == act_sel && act_bank == act_bank_in;
`endif

    // A signed WIDTH x WIDTH multiplier: its product is exact in 2 * WIDTH bits, and written with signed
    // operands it synthesises as one (a 2W x 2W multiply of sign-extended operands is 15-18 % larger).
    // Operand isolation: a MAC slot that does not fire (bubble or gated) gives the multiplier zeros, so
    // its product is zero and the adder passes psum_in through.
    wire signed [WIDTH-1:0]         mul_act    = fire ? act_sel : {WIDTH{1'b0}};
    wire signed [WIDTH-1:0]         mul_weight = fire ? weight_use : {WIDTH{1'b0}};
    wire signed [PRODUCT_WIDTH-1:0] product    = mul_act * mul_weight;

    wire [ACC_WIDTH-1:0] product_acc;
    generate
        if (ACC_WIDTH > PRODUCT_WIDTH) begin : g_sign_extend
`ifdef SIM_DEFECT_PRODUCT_TRUNC
            assign product_acc = {{(ACC_WIDTH - PRODUCT_WIDTH + 1){product[PRODUCT_WIDTH-2]}}, product[PRODUCT_WIDTH-2:0]};
`else
            assign product_acc = {{(ACC_WIDTH - PRODUCT_WIDTH){product[PRODUCT_WIDTH-1]}}, product};
`endif
        end else begin : g_exact
            assign product_acc = product;
        end
    endgenerate

    wire [ACC_WIDTH-1:0] sum = psum_in + product_acc;  // wraps modulo 2^ACC_WIDTH, as int32 does

`ifdef SIM_DEFECT_ACC_BIT
    localparam [ACC_WIDTH-1:0] ONE = {{(ACC_WIDTH - 1){1'b0}}, 1'b1};
    wire [ACC_WIDTH-1:0] sum_registered = sum & ~(ONE << `SIM_DEFECT_ACC_BIT);
`else
    wire [ACC_WIDTH-1:0] sum_registered = sum;
`endif

`ifdef SIM_DEFECT_MODE_LATE
    reg index_mode;
    always @(posedge clk) index_mode <= rst ? 1'b0 : structured_2_4_en;
`else
    wire index_mode = structured_2_4_en;
`endif

    always @(posedge clk) begin
        if (rst) begin
            weight     <= {WIDTH{1'b0}};
            weight_idx <= 2'b00;
            act        <= {WIDTH{1'b0}};
`ifndef SIM_DEFECT_VALID_NO_RESET
            act_valid  <= 1'b0;
`endif
            act_group  <= {(4*WIDTH){1'b0}};
`ifndef SIM_DEFECT_PSUM_NO_RESET
            psum       <= {ACC_WIDTH{1'b0}};
`endif
            psum_valid <= 1'b0;
        end else begin
            if (load0)
                weight <= weight_in;
            if (index_mode && load0)
                weight_idx <= weight_idx_in;
            if (structured_2_4_en)
                act_group <= act_group_in;
            act        <= act_sel;
            act_valid  <= act_valid_in;
            psum       <= sum_registered;
            psum_valid <= psum_valid_in;
        end
    end
endmodule

`default_nettype wire
