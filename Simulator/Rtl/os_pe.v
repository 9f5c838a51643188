// One output-stationary processing element: the Verilog twin of one PE of
// Sim.PeArray.OutputStationaryArray. It holds one output's accumulator while K streams through it.
//
// Registers: the activation passing right and the weight passing down (each with its valid bit), and
// the accumulator with its valid bit. Every register takes its next value at the rising edge;
// synchronous reset clears them all. The activation and weight registers latch on every edge, drain
// edges included.
//
// MAC (not a drain edge): when the incoming activation and weight are both valid, the accumulator adds
// their product (int32, wrapping) and its valid bit is set. The accumulator is enabled only then, so a
// bubble leaves it as it is whatever the driver leaves on the wires.
// Drain edge: the accumulator and its valid bit take acc_in and acc_valid_in (the PE above's; the array
// ties row 0's to an invalid zero), and no MAC happens.
//
// Static mode input (held for a whole tile):
//   zero_gating_en  a valid operand pair with a zero activation or weight does not multiply: the
//                   accumulator holds (its valid bit is still set).
//
// MAC flags (combinational, for this edge; the array counts them per column): a valid operand pair on a
// stream edge is one MAC slot, counted as gated (zero_gating_en and a zero operand) or as active, and an
// active one as repeated when its activation equals the one latched at the previous edge and that one
// was valid.

`default_nettype none

module os_pe #(
    parameter integer WIDTH     = 16,  // signed operand width; at most ACC_WIDTH / 2
    parameter integer ACC_WIDTH = 32   // signed, wrapping accumulator width
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 zero_gating_en,
    input  wire                 drain,
    input  wire [WIDTH-1:0]     act_in,
    input  wire                 act_valid_in,
    input  wire [WIDTH-1:0]     weight_in,
    input  wire                 weight_valid_in,
    input  wire [ACC_WIDTH-1:0] acc_in,
    input  wire                 acc_valid_in,
    output reg  [WIDTH-1:0]     act,
    output reg                  act_valid,
    output reg  [WIDTH-1:0]     weight,
    output reg                  weight_valid,
    output reg  [ACC_WIDTH-1:0] acc,
    output reg                  acc_valid,
    output wire                 mac_active,
    output wire                 mac_gated,
    output wire                 mac_repeated
);
    localparam integer PRODUCT_WIDTH = 2 * WIDTH;

    wire pair = !drain && act_valid_in && weight_valid_in;
    wire gate = zero_gating_en && (act_in == {WIDTH{1'b0}} || weight_in == {WIDTH{1'b0}});
    wire fire = pair && !gate;
    assign mac_active   = fire;
    assign mac_gated    = pair && gate;
    assign mac_repeated = fire && act_valid && act == act_in;

    // A signed WIDTH x WIDTH multiplier, its product exact in 2 * WIDTH bits (see pe.v).
    wire signed [PRODUCT_WIDTH-1:0] product = $signed(act_in) * $signed(weight_in);

    wire [ACC_WIDTH-1:0] product_acc;
    generate
        if (ACC_WIDTH > PRODUCT_WIDTH) begin : g_sign_extend
            assign product_acc = {{(ACC_WIDTH - PRODUCT_WIDTH){product[PRODUCT_WIDTH-1]}}, product};
        end else begin : g_exact
            assign product_acc = product;
        end
    endgenerate

    always @(posedge clk) begin
        if (rst) begin
            act          <= {WIDTH{1'b0}};
            act_valid    <= 1'b0;
            weight       <= {WIDTH{1'b0}};
            weight_valid <= 1'b0;
            acc          <= {ACC_WIDTH{1'b0}};
            acc_valid    <= 1'b0;
        end else begin
            act          <= act_in;
            act_valid    <= act_valid_in;
            weight       <= weight_in;
            weight_valid <= weight_valid_in;
            if (drain) begin
                acc       <= acc_in;
                acc_valid <= acc_valid_in;
            end else begin
                if (fire)
                    acc <= acc + product_acc;  // wraps modulo 2^ACC_WIDTH, as int32 does
                if (pair)
                    acc_valid <= 1'b1;
            end
        end
    end
endmodule

`default_nettype wire
