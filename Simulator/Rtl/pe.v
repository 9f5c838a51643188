// One weight-stationary processing element: the Verilog twin of Sim.PeArray.ProcessingElement.
//
// Registers: the stationary weight, the activation passing right (with its valid bit) and the
// partial sum passing down (with its valid bit). Every register takes its next value from the
// input wires at the rising edge; synchronous reset clears them all.
//
// The MAC uses the weight held before the edge, so a weight shifting in during load never meets
// an activation in the same cycle. An invalid activation is gated to a zero product, so a bubble
// cannot corrupt a sum whatever the driver leaves on the wire.
//
// Deliberate defect, for proving that cosimulation catches a fault (never in a real build):
//   SIM_DEFECT_ACC_BIT=b  bit b of the accumulator adder's result is stuck at zero.

`default_nettype none

module pe #(
    parameter integer WIDTH     = 16,  // signed operand width; at most ACC_WIDTH / 2
    parameter integer ACC_WIDTH = 32   // signed, wrapping partial-sum width
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 weight_load_en,
    input  wire [WIDTH-1:0]     weight_in,
    input  wire [WIDTH-1:0]     act_in,
    input  wire                 act_valid_in,
    input  wire [ACC_WIDTH-1:0] psum_in,
    input  wire                 psum_valid_in,
    output reg  [WIDTH-1:0]     weight,
    output reg  [WIDTH-1:0]     act,
    output reg                  act_valid,
    output reg  [ACC_WIDTH-1:0] psum,
    output reg                  psum_valid
);
    localparam integer PRODUCT_WIDTH = 2 * WIDTH;

    // A WIDTH x WIDTH signed product is exact in 2 * WIDTH bits; sign-extending the operands to
    // that width first keeps the multiplier's operand and result widths equal.
    wire [PRODUCT_WIDTH-1:0] act_wide    = {{WIDTH{act_in[WIDTH-1]}}, act_in};
    wire [PRODUCT_WIDTH-1:0] weight_wide = {{WIDTH{weight[WIDTH-1]}}, weight};
    wire [PRODUCT_WIDTH-1:0] product     = act_wide * weight_wide;

    wire [ACC_WIDTH-1:0] product_acc;
    generate
        if (ACC_WIDTH > PRODUCT_WIDTH) begin : g_sign_extend
            assign product_acc = {{(ACC_WIDTH - PRODUCT_WIDTH){product[PRODUCT_WIDTH-1]}}, product};
        end else begin : g_exact
            assign product_acc = product;
        end
    endgenerate

    wire [ACC_WIDTH-1:0] addend = act_valid_in ? product_acc : {ACC_WIDTH{1'b0}};
    wire [ACC_WIDTH-1:0] sum    = psum_in + addend;  // wraps modulo 2^ACC_WIDTH, as int32 does

`ifdef SIM_DEFECT_ACC_BIT
    localparam [ACC_WIDTH-1:0] ONE = {{(ACC_WIDTH - 1){1'b0}}, 1'b1};
    wire [ACC_WIDTH-1:0] sum_registered = sum & ~(ONE << `SIM_DEFECT_ACC_BIT);
`else
    wire [ACC_WIDTH-1:0] sum_registered = sum;
`endif

    always @(posedge clk) begin
        if (rst) begin
            weight     <= {WIDTH{1'b0}};
            act        <= {WIDTH{1'b0}};
            act_valid  <= 1'b0;
            psum       <= {ACC_WIDTH{1'b0}};
            psum_valid <= 1'b0;
        end else begin
            if (weight_load_en)
                weight <= weight_in;
            act        <= act_in;
            act_valid  <= act_valid_in;
            psum       <= sum_registered;
            psum_valid <= psum_valid_in;
        end
    end
endmodule

`default_nettype wire
