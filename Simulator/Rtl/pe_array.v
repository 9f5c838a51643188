// The weight-stationary systolic PE array: the Verilog twin of Sim.PeArray.SystolicArray,
// ROWS x COLS pe instances. Rows are the reduction (K) dimension, columns the output (N) one.
//
// Wiring (every PE input is a neighbour's register, so the array is one register stage per PE):
//   weights      PE(0,c) takes weight_in[c], PE(r,c) takes PE(r-1,c)'s weight; shifts only
//                while weight_load_en is high.
//   activations  PE(r,0) takes act_in[r] and act_valid_in[r], PE(r,c) takes PE(r,c-1)'s; always
//                shifting right, also during weight load.
//   partial sums PE(0,c) takes 0, PE(r,c) takes PE(r-1,c)'s; always shifting down. The sum's valid
//                bit starts as the row-0 activation's valid bit and then travels with the sum.
//   outputs      the bottom row's registered sums and valid bits, for every column.
//
// Ports are flat vectors, element i at [i*W +: W]. Operands are WIDTH-bit two's complement; a
// driver with wider integers passes their low WIDTH bits, so in-range values keep their sign.
//
// Deliberate defect, for proving that cosimulation catches a fault (never in a real build):
//   SIM_DEFECT_LATE_COLUMN=c  column c's output passes through one extra register, so its sums
//                             and valid bits leave the array a cycle late.

`default_nettype none

module pe_array #(
    parameter integer ROWS  = 16,
    parameter integer COLS  = 16,
    parameter integer WIDTH = 16   // signed operand width, 1..16
) (
    input  wire                    clk,
    input  wire                    rst,
    input  wire                    weight_load_en,
    input  wire [COLS*WIDTH-1:0]   weight_in,
    input  wire [ROWS*WIDTH-1:0]   act_in,
    input  wire [ROWS-1:0]         act_valid_in,
    output wire [COLS*32-1:0]      psum_out,
    output wire [COLS-1:0]         psum_valid_out
);
    localparam integer ACC_WIDTH = 32;
    localparam integer PES       = ROWS * COLS;

    // Every PE's registers, PE(r,c) at index r*COLS + c. Arrays of nets rather than flat vectors:
    // the Verilated model keeps each element a separate variable, where a flat vector is rebuilt whole
    // whenever one PE's slice changes. The bottom row's weights and the right column's activations
    // feed no neighbour: they leave the array unused, as in any systolic array.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [WIDTH-1:0]     weight_q     [0:PES-1];
    wire [WIDTH-1:0]     act_q        [0:PES-1];
    wire                 act_valid_q  [0:PES-1];
    /* verilator lint_on UNUSEDSIGNAL */
    wire [ACC_WIDTH-1:0] psum_q       [0:PES-1];
    wire                 psum_valid_q [0:PES-1];

    genvar r, c;
    generate
        for (r = 0; r < ROWS; r = r + 1) begin : g_row
            for (c = 0; c < COLS; c = c + 1) begin : g_col
                localparam integer I     = r * COLS + c;
                localparam integer LEFT  = I - 1;
                localparam integer ABOVE = I - COLS;

                wire [WIDTH-1:0]     weight_from;
                wire [WIDTH-1:0]     act_from;
                wire                 act_valid_from;
                wire [ACC_WIDTH-1:0] psum_from;
                wire                 psum_valid_from;

                if (r == 0) begin : g_top
                    assign weight_from     = weight_in[c*WIDTH +: WIDTH];
                    assign psum_from       = {ACC_WIDTH{1'b0}};
                    assign psum_valid_from = act_valid_from;
                end else begin : g_below
                    assign weight_from     = weight_q[ABOVE];
                    assign psum_from       = psum_q[ABOVE];
                    assign psum_valid_from = psum_valid_q[ABOVE];
                end

                if (c == 0) begin : g_left_edge
                    assign act_from       = act_in[r*WIDTH +: WIDTH];
                    assign act_valid_from = act_valid_in[r];
                end else begin : g_inner
                    assign act_from       = act_q[LEFT];
                    assign act_valid_from = act_valid_q[LEFT];
                end

                pe #(.WIDTH(WIDTH), .ACC_WIDTH(ACC_WIDTH)) u_pe (
                    .clk           (clk),
                    .rst           (rst),
                    .weight_load_en(weight_load_en),
                    .weight_in     (weight_from),
                    .act_in        (act_from),
                    .act_valid_in  (act_valid_from),
                    .psum_in       (psum_from),
                    .psum_valid_in (psum_valid_from),
                    .weight        (weight_q[I]),
                    .act           (act_q[I]),
                    .act_valid     (act_valid_q[I]),
                    .psum          (psum_q[I]),
                    .psum_valid    (psum_valid_q[I])
                );
            end
        end

        for (c = 0; c < COLS; c = c + 1) begin : g_out
            localparam integer BOTTOM = (ROWS - 1) * COLS + c;
`ifdef SIM_DEFECT_LATE_COLUMN
            if (c == `SIM_DEFECT_LATE_COLUMN) begin : g_late
                reg [ACC_WIDTH-1:0] late_psum;
                reg                 late_valid;
                always @(posedge clk) begin
                    if (rst) begin
                        late_psum  <= {ACC_WIDTH{1'b0}};
                        late_valid <= 1'b0;
                    end else begin
                        late_psum  <= psum_q[BOTTOM];
                        late_valid <= psum_valid_q[BOTTOM];
                    end
                end
                assign psum_out[c*ACC_WIDTH +: ACC_WIDTH] = late_psum;
                assign psum_valid_out[c]                  = late_valid;
            end else begin : g_on_time
                assign psum_out[c*ACC_WIDTH +: ACC_WIDTH] = psum_q[BOTTOM];
                assign psum_valid_out[c]                  = psum_valid_q[BOTTOM];
            end
`else
            assign psum_out[c*ACC_WIDTH +: ACC_WIDTH] = psum_q[BOTTOM];
            assign psum_valid_out[c]                  = psum_valid_q[BOTTOM];
`endif
        end
    endgenerate
endmodule

`default_nettype wire
