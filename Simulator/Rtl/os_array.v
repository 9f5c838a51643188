// The output-stationary PE array: the Verilog twin of Sim.PeArray.OutputStationaryArray, ROWS x COLS
// os_pe instances. Each PE holds one output of the tile: rows are output rows (M), columns output
// columns (N); K streams through in time.
//
// Wiring (every PE input is a neighbour's register or an array input):
//   activations   PE(r,0) takes act_in[r] and act_valid_in[r], PE(r,c) takes PE(r,c-1)'s: moving right
//                 one PE a cycle.
//   weights       PE(0,c) takes weight_in[c] and weight_valid_in[c], PE(r,c) takes PE(r-1,c)'s: moving
//                 down one PE a cycle.
//   accumulators  on a drain edge PE(r,c) takes PE(r-1,c)'s accumulator and valid bit, PE(0,c) an invalid
//                 zero: every column shifts down one PE.
//   outputs       psum_out[c] and psum_valid_out[c] are registers: on a drain edge they take the bottom
//                 PE's accumulator and valid bit, on every other edge zero and invalid.
//   MAC counters  mac_active_out[c], mac_gated_out[c], mac_repeated_out[c]: COUNT_WIDTH-bit registers
//                 (wrapping) adding, every edge, the MAC flags of column c's PEs (see os_pe.v); cleared by
//                 reset. Not architectural: the cosimulation checks the energy model's MAC classes with them,
//                 as Sim.PeArray.OutputStationaryArray counts them.
//
// The driver (Sim.PeArray.OutputStationaryDriver) skews row r's activations by r cycles and column c's
// weights by c, so a[r][k] meets w[k][c] in PE(r,c), and then drains the array. Zero-step skipping needs
// nothing here: a step the sequencer does not issue is never seen. There is no 2:4 mode (no weight is
// held beside an index mux) and no second weight buffer (no weights are held).
//
// Static mode input: zero_gating_en (see os_pe.v), a port as in pe_array.v because the sequencer sets it
// between tiles.
//
// Ports are flat vectors, element i at [i*W +: W]. Operands are WIDTH-bit two's complement.
//
// Deliberate defect, for proving that cosimulation catches a fault (never in a real build):
//   SIM_DEFECT_OS_DRAIN_ROW=r  row r's drain mux selects the PE's own accumulator instead of the row
//                              above's: on a drain edge row r holds its sum and valid bit, so the rows
//                              below it receive row r's sum again in place of the rows above it.
//   SIM_DEFECT_OS_TOP_KEEPS    on a drain edge row 0 keeps its accumulator (marked invalid) instead of taking
//                              zero, so the next tile adds onto the last one's sums unless a reset came between.

`default_nettype none

module os_array #(
    parameter integer ROWS        = 16,
    parameter integer COLS        = 16,
    parameter integer WIDTH       = 16,  // signed operand width, 1..16
    parameter integer COUNT_WIDTH = 32   // MAC counter width per column
) (
    input  wire                        clk,
    input  wire                        rst,
    input  wire                        zero_gating_en,
    input  wire                        drain,
    input  wire [ROWS*WIDTH-1:0]       act_in,
    input  wire [ROWS-1:0]             act_valid_in,
    input  wire [COLS*WIDTH-1:0]       weight_in,
    input  wire [COLS-1:0]             weight_valid_in,
    output wire [COLS*32-1:0]          psum_out,
    output wire [COLS-1:0]             psum_valid_out,
    output wire [COLS*COUNT_WIDTH-1:0] mac_active_out,
    output wire [COLS*COUNT_WIDTH-1:0] mac_gated_out,
    output wire [COLS*COUNT_WIDTH-1:0] mac_repeated_out
);
    localparam integer ACC_WIDTH = 32;
    localparam integer PES       = ROWS * COLS;
`ifdef SIM_DEFECT_OS_DRAIN_ROW
    localparam integer HOLDING_ROW = `SIM_DEFECT_OS_DRAIN_ROW;
`else
    localparam integer HOLDING_ROW = -1;  // no row: every row shifts on a drain edge
`endif

    // Every PE's registers, PE(r,c) at index r*COLS + c (arrays of nets, as in pe_array.v). The bottom
    // row's weights and the right column's activations feed no neighbour.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [WIDTH-1:0]     act_q          [0:PES-1];
    wire                 act_valid_q    [0:PES-1];
    wire [WIDTH-1:0]     weight_q       [0:PES-1];
    wire                 weight_valid_q [0:PES-1];
    /* verilator lint_on UNUSEDSIGNAL */
    wire [ACC_WIDTH-1:0] acc_q          [0:PES-1];
    wire                 acc_valid_q    [0:PES-1];
    // This edge's MAC flags of every PE (combinational), summed per column by the counters.
    wire                 active_f       [0:PES-1];
    wire                 gated_f        [0:PES-1];
    wire                 repeated_f     [0:PES-1];

    genvar r, c;
    generate
        for (r = 0; r < ROWS; r = r + 1) begin : g_row
            for (c = 0; c < COLS; c = c + 1) begin : g_col
                localparam integer I     = r * COLS + c;
                localparam integer LEFT  = I - 1;
                localparam integer ABOVE = I - COLS;

                wire [WIDTH-1:0]     act_from;
                wire                 act_valid_from;
                wire [WIDTH-1:0]     weight_from;
                wire                 weight_valid_from;
                wire [ACC_WIDTH-1:0] acc_from;
                wire                 acc_valid_from;

                if (c == 0) begin : g_left_edge
                    assign act_from       = act_in[r*WIDTH +: WIDTH];
                    assign act_valid_from = act_valid_in[r];
                end else begin : g_inner
                    assign act_from       = act_q[LEFT];
                    assign act_valid_from = act_valid_q[LEFT];
                end

                if (r == 0) begin : g_top
                    assign weight_from       = weight_in[c*WIDTH +: WIDTH];
                    assign weight_valid_from = weight_valid_in[c];
                end else begin : g_below
                    assign weight_from       = weight_q[ABOVE];
                    assign weight_valid_from = weight_valid_q[ABOVE];
                end

                if (r == HOLDING_ROW) begin : g_holds
                    assign acc_from       = acc_q[I];
                    assign acc_valid_from = acc_valid_q[I];
                end else if (r == 0) begin : g_first_acc
`ifdef SIM_DEFECT_OS_TOP_KEEPS
                    assign acc_from       = acc_q[I];
`else
                    assign acc_from       = {ACC_WIDTH{1'b0}};
`endif
                    assign acc_valid_from = 1'b0;
                end else begin : g_shifted_acc
                    assign acc_from       = acc_q[ABOVE];
                    assign acc_valid_from = acc_valid_q[ABOVE];
                end

                os_pe #(.WIDTH(WIDTH), .ACC_WIDTH(ACC_WIDTH)) u_pe (
                    .clk            (clk),
                    .rst            (rst),
                    .zero_gating_en (zero_gating_en),
                    .drain          (drain),
                    .act_in         (act_from),
                    .act_valid_in   (act_valid_from),
                    .weight_in      (weight_from),
                    .weight_valid_in(weight_valid_from),
                    .acc_in         (acc_from),
                    .acc_valid_in   (acc_valid_from),
                    .act            (act_q[I]),
                    .act_valid      (act_valid_q[I]),
                    .weight         (weight_q[I]),
                    .weight_valid   (weight_valid_q[I]),
                    .acc            (acc_q[I]),
                    .acc_valid      (acc_valid_q[I]),
                    .mac_active     (active_f[I]),
                    .mac_gated      (gated_f[I]),
                    .mac_repeated   (repeated_f[I])
                );
            end
        end

        for (c = 0; c < COLS; c = c + 1) begin : g_out
            localparam integer BOTTOM = (ROWS - 1) * COLS + c;

            reg [ACC_WIDTH-1:0] psum;
            reg                 psum_valid;
            always @(posedge clk) begin
                if (rst || !drain) begin
                    psum       <= {ACC_WIDTH{1'b0}};
                    psum_valid <= 1'b0;
                end else begin
                    psum       <= acc_q[BOTTOM];
                    psum_valid <= acc_valid_q[BOTTOM];
                end
            end
            assign psum_out[c*ACC_WIDTH +: ACC_WIDTH] = psum;
            assign psum_valid_out[c]                  = psum_valid;

            // Column c's MAC counters, the same chain as pe_array.v's: this edge's flags summed down the
            // column (g_count[r] holds the sums of rows 0..r), added to the registered counts. (A module
            // shared by both arrays, taking a column's flags as one packed vector, cost the Verilated
            // weight-stationary array about 15 % of its speed, so each array keeps its own chain.)
            for (r = 0; r < ROWS; r = r + 1) begin : g_count
                localparam integer PE_RC = r * COLS + c;
                wire [COUNT_WIDTH-1:0] active_flag   = {{(COUNT_WIDTH-1){1'b0}}, active_f[PE_RC]};
                wire [COUNT_WIDTH-1:0] gated_flag    = {{(COUNT_WIDTH-1){1'b0}}, gated_f[PE_RC]};
                wire [COUNT_WIDTH-1:0] repeated_flag = {{(COUNT_WIDTH-1){1'b0}}, repeated_f[PE_RC]};
                wire [COUNT_WIDTH-1:0] active_sum, gated_sum, repeated_sum;
                if (r == 0) begin : g_first
                    assign active_sum   = active_flag;
                    assign gated_sum    = gated_flag;
                    assign repeated_sum = repeated_flag;
                end else begin : g_next
                    assign active_sum   = g_count[r-1].active_sum   + active_flag;
                    assign gated_sum    = g_count[r-1].gated_sum    + gated_flag;
                    assign repeated_sum = g_count[r-1].repeated_sum + repeated_flag;
                end
            end
            reg [COUNT_WIDTH-1:0] active_count, gated_count, repeated_count;
            always @(posedge clk) begin
                if (rst) begin
                    active_count   <= {COUNT_WIDTH{1'b0}};
                    gated_count    <= {COUNT_WIDTH{1'b0}};
                    repeated_count <= {COUNT_WIDTH{1'b0}};
                end else begin
                    active_count   <= active_count   + g_count[ROWS-1].active_sum;
                    gated_count    <= gated_count    + g_count[ROWS-1].gated_sum;
                    repeated_count <= repeated_count + g_count[ROWS-1].repeated_sum;
                end
            end
            assign mac_active_out[c*COUNT_WIDTH +: COUNT_WIDTH]   = active_count;
            assign mac_gated_out[c*COUNT_WIDTH +: COUNT_WIDTH]    = gated_count;
            assign mac_repeated_out[c*COUNT_WIDTH +: COUNT_WIDTH] = repeated_count;
        end
    endgenerate
endmodule

`default_nettype wire
