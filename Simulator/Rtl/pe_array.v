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
//   2:4 indices  PE(0,c) takes weight_index_in[c], PE(r,c) takes PE(r-1,c)'s: the index chain shifts
//                with the weights (under weight_load_en, in 2:4 mode).
//   2:4 groups   PE(r,0) takes act_group_in[r] (four activations, the K group g = r / 2, so rows 2g
//                and 2g+1 receive the same group), PE(r,c) takes PE(r,c-1)'s group register: the
//                group bus shifts right with the valid bits. Each PE's index mux picks one of four.
//   MAC counters mac_active_out[c], mac_gated_out[c], mac_repeated_out[c]: COUNT_WIDTH-bit registers
//                (wrapping) adding, every edge, the MAC flags of column c's PEs (see pe.v); cleared
//                by reset. Not architectural: they let the cosimulation check the energy model's
//                MAC classes every cycle, as Sim.PeArray.SystolicArray counts them.
//
// Static mode inputs (zero_gating_en, structured_2_4_en): input ports, not parameters, because
// one array runs dense and 2:4 layers alike (a layer's weights decide, see GemmExecutor) and the
// sequencer writes the mode between tiles; a parameter would fix it per build. With both low the
// array is the dense one, port for port.
//
// Zero-vector skipping needs nothing here: the sequencer decides which activation vectors to
// issue, and an issued vector looks to the array like any other; a skipped one is never seen. The
// tag FIFO that tells the output stage which accumulator row a column's next valid sum belongs to
// is outside the array (Sim.PeArray.TileDriver's protocol), as is the all-zero detector.
//
// Ports are flat vectors, element i at [i*W +: W]. Operands are WIDTH-bit two's complement; a
// driver with wider integers passes their low WIDTH bits, so in-range values keep their sign.
//
// Protocol assertions (simulation only: left out under SYNTHESIS): sticky bits on assert_fail_out, cleared by reset,
// which the cosimulation reads every edge and reports as a protocol fault; Icarus also prints them.
//   [0] valid skew      a vector enters row r one edge after row r-1: act_valid_in[r] needs act_valid_in[r-1]
//                       at the edge before.
//   [1] weights held    a bank's weights do not change under its stream: no MAC slot on the bank being loaded
//                       at an edge that continues a load of it (the first load edge may meet the last MAC of
//                       the tile before, which uses the weight held before the edge).
//   [2] one output per vector  no column emits more sums than vectors entered row 0.
// Synthesis figures: SIM_NO_MAC_COUNTERS leaves out the MAC counters (their outputs read zero), which only the
// cosimulation needs; see the README for the Yosys command.
//
// Deliberate defect, for proving that cosimulation catches a fault (never in a real build):
//   SIM_DEFECT_LATE_COLUMN=c  column c's output passes through one extra register, so its sums
//                             and valid bits leave the array a cycle late.
//   SIM_DEFECT_COUNTER_SATURATE  the MAC counters stop at their largest value instead of wrapping.
//   SIM_DEFECT_EXTRA_OUTPUT=c    column c's valid bit stays up one edge longer, so each of its sums leaves twice.

`default_nettype none

module pe_array #(
    parameter integer ROWS  = 16,
    parameter integer COLS  = 16,
    parameter integer WIDTH = 16,  // signed operand width, 1..16
    parameter integer COUNT_WIDTH = 32,  // MAC counter width per column
    parameter integer WEIGHT_BUFFERS = 1  // weight registers per PE: 1, or 2 (see pe.v)
) (
    input  wire                        clk,
    input  wire                        rst,
    input  wire                        zero_gating_en,
    input  wire                        structured_2_4_en,
    input  wire                        weight_load_en,
    input  wire                        weight_load_bank,
    input  wire [COLS*WIDTH-1:0]       weight_in,
    input  wire [COLS*2-1:0]           weight_index_in,
    input  wire [ROWS*WIDTH-1:0]       act_in,
    input  wire [ROWS-1:0]             act_valid_in,
    input  wire [ROWS-1:0]             act_bank_in,
    input  wire [ROWS*4*WIDTH-1:0]     act_group_in,
    output wire [COLS*32-1:0]          psum_out,
    output wire [COLS-1:0]             psum_valid_out,
    output wire [COLS*COUNT_WIDTH-1:0] mac_active_out,
    output wire [COLS*COUNT_WIDTH-1:0] mac_gated_out,
    output wire [COLS*COUNT_WIDTH-1:0] mac_repeated_out,
    output wire [2:0]                  assert_fail_out
);
    localparam integer ACC_WIDTH = 32;
    localparam integer PES       = ROWS * COLS;

    generate
        if (WIDTH < 1 || WIDTH > 16) begin : g_bad_width
            initial $fatal(1, "pe_array: WIDTH must be 1 to 16 (the 32-bit sums hold a 2 x WIDTH-bit product), got %0d", WIDTH);
        end
    endgenerate

`ifdef SIM_DEFECT_COUNTER_SATURATE
    function automatic [COUNT_WIDTH-1:0] Saturating(input [COUNT_WIDTH-1:0] count, input [COUNT_WIDTH-1:0] add);
        reg [COUNT_WIDTH:0] wide;
        begin
            wide = {1'b0, count} + {1'b0, add};
            Saturating = wide[COUNT_WIDTH] ? {COUNT_WIDTH{1'b1}} : wide[COUNT_WIDTH-1:0];
        end
    endfunction
`endif

    // Every PE's registers, PE(r,c) at index r*COLS + c. Arrays of nets rather than flat vectors:
    // the Verilated model keeps each element a separate variable, where a flat vector is rebuilt whole
    // whenever one PE's slice changes. The bottom row's weights and the right column's activations
    // feed no neighbour: they leave the array unused, as in any systolic array.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [WIDTH-1:0]     weight_q     [0:PES-1];
    wire [1:0]           index_q      [0:PES-1];
    wire [WIDTH-1:0]     weight1_q    [0:PES-1];
    wire [1:0]           index1_q     [0:PES-1];
    wire                 act_bank_q   [0:PES-1];
    wire [WIDTH-1:0]     act_q        [0:PES-1];
    wire                 act_valid_q  [0:PES-1];
    wire [4*WIDTH-1:0]   group_q      [0:PES-1];
    /* verilator lint_on UNUSEDSIGNAL */
    wire [ACC_WIDTH-1:0] psum_q       [0:PES-1];
    wire                 psum_valid_q [0:PES-1];
    // This edge's MAC flags of every PE (combinational), summed per column by the counters.
`ifdef SIM_NO_MAC_COUNTERS
    /* verilator lint_off UNUSEDSIGNAL */
`endif
    wire                 active_f     [0:PES-1];
    wire                 gated_f      [0:PES-1];
    wire                 repeated_f   [0:PES-1];
`ifdef SIM_NO_MAC_COUNTERS
    /* verilator lint_on UNUSEDSIGNAL */
`endif
    // This edge's MAC slots (a valid activation) on the bank a load shifts, for assertion [1].
    wire                 on_loading_bank [0:PES-1];

    genvar r, c;
    generate
        for (r = 0; r < ROWS; r = r + 1) begin : g_row
            for (c = 0; c < COLS; c = c + 1) begin : g_col
                localparam integer I     = r * COLS + c;
                localparam integer LEFT  = I - 1;
                localparam integer ABOVE = I - COLS;

                wire [WIDTH-1:0]     weight_from;
                wire [1:0]           index_from;
                wire [WIDTH-1:0]     weight1_from;
                wire [1:0]           index1_from;
                wire                 act_bank_from;
                wire [WIDTH-1:0]     act_from;
                wire [4*WIDTH-1:0]   group_from;
                wire                 act_valid_from;
                wire [ACC_WIDTH-1:0] psum_from;
                wire                 psum_valid_from;

                if (r == 0) begin : g_top
                    assign weight_from     = weight_in[c*WIDTH +: WIDTH];
                    assign index_from      = weight_index_in[c*2 +: 2];
                    assign weight1_from    = weight_in[c*WIDTH +: WIDTH];
                    assign index1_from     = weight_index_in[c*2 +: 2];
                    assign psum_from       = {ACC_WIDTH{1'b0}};
                    assign psum_valid_from = act_valid_from;
                end else begin : g_below
                    assign weight_from     = weight_q[ABOVE];
                    assign index_from      = index_q[ABOVE];
                    assign weight1_from    = weight1_q[ABOVE];
                    assign index1_from     = index1_q[ABOVE];
                    assign psum_from       = psum_q[ABOVE];
                    assign psum_valid_from = psum_valid_q[ABOVE];
                end

                if (c == 0) begin : g_left_edge
                    assign act_from       = act_in[r*WIDTH +: WIDTH];
                    assign act_valid_from = act_valid_in[r];
                    assign act_bank_from  = act_bank_in[r];
                    assign group_from     = act_group_in[r*4*WIDTH +: 4*WIDTH];
                end else begin : g_inner
                    assign act_from       = act_q[LEFT];
                    assign act_valid_from = act_valid_q[LEFT];
                    assign act_bank_from  = act_bank_q[LEFT];
                    assign group_from     = group_q[LEFT];
                end

                assign on_loading_bank[I] = act_valid_from && (act_bank_from == weight_load_bank);

                pe #(.WIDTH(WIDTH), .ACC_WIDTH(ACC_WIDTH), .WEIGHT_BUFFERS(WEIGHT_BUFFERS)) u_pe (
                    .clk              (clk),
                    .rst              (rst),
                    .zero_gating_en   (zero_gating_en),
                    .structured_2_4_en(structured_2_4_en),
                    .weight_load_en   (weight_load_en),
                    .weight_load_bank (weight_load_bank),
                    .weight_in        (weight_from),
                    .weight_idx_in    (index_from),
                    .weight1_in       (weight1_from),
                    .weight_idx1_in   (index1_from),
                    .act_in           (act_from),
                    .act_valid_in     (act_valid_from),
                    .act_bank_in      (act_bank_from),
                    .act_group_in     (group_from),
                    .psum_in          (psum_from),
                    .psum_valid_in    (psum_valid_from),
                    .weight           (weight_q[I]),
                    .weight_idx       (index_q[I]),
                    .weight1          (weight1_q[I]),
                    .weight_idx1      (index1_q[I]),
                    .act              (act_q[I]),
                    .act_valid        (act_valid_q[I]),
                    .act_bank         (act_bank_q[I]),
                    .act_group        (group_q[I]),
                    .psum             (psum_q[I]),
                    .psum_valid       (psum_valid_q[I]),
                    .mac_active       (active_f[I]),
                    .mac_gated        (gated_f[I]),
                    .mac_repeated     (repeated_f[I])
                );
            end
        end

        for (c = 0; c < COLS; c = c + 1) begin : g_out
            localparam integer BOTTOM = (ROWS - 1) * COLS + c;

`ifdef SIM_NO_MAC_COUNTERS
            assign mac_active_out[c*COUNT_WIDTH +: COUNT_WIDTH]   = {COUNT_WIDTH{1'b0}};
            assign mac_gated_out[c*COUNT_WIDTH +: COUNT_WIDTH]    = {COUNT_WIDTH{1'b0}};
            assign mac_repeated_out[c*COUNT_WIDTH +: COUNT_WIDTH] = {COUNT_WIDTH{1'b0}};
`else
            // Column c's MAC counters: this edge's flags summed down the column (g_count[r] holds
            // the sums of rows 0..r), added to the registered counts.
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
`ifdef SIM_DEFECT_COUNTER_SATURATE
                    active_count   <= Saturating(active_count,   g_count[ROWS-1].active_sum);
                    gated_count    <= Saturating(gated_count,    g_count[ROWS-1].gated_sum);
                    repeated_count <= Saturating(repeated_count, g_count[ROWS-1].repeated_sum);
`else
                    active_count   <= active_count   + g_count[ROWS-1].active_sum;
                    gated_count    <= gated_count    + g_count[ROWS-1].gated_sum;
                    repeated_count <= repeated_count + g_count[ROWS-1].repeated_sum;
`endif
                end
            end
            assign mac_active_out[c*COUNT_WIDTH +: COUNT_WIDTH]   = active_count;
            assign mac_gated_out[c*COUNT_WIDTH +: COUNT_WIDTH]    = gated_count;
            assign mac_repeated_out[c*COUNT_WIDTH +: COUNT_WIDTH] = repeated_count;
`endif
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
`elsif SIM_DEFECT_EXTRA_OUTPUT
            if (c == `SIM_DEFECT_EXTRA_OUTPUT) begin : g_twice
                reg again;  // the valid bit held one edge longer: each sum of the column leaves twice
                always @(posedge clk) again <= !rst && psum_valid_q[BOTTOM];
                assign psum_out[c*ACC_WIDTH +: ACC_WIDTH] = psum_q[BOTTOM];
                assign psum_valid_out[c]                  = psum_valid_q[BOTTOM] | again;
            end else begin : g_once
                assign psum_out[c*ACC_WIDTH +: ACC_WIDTH] = psum_q[BOTTOM];
                assign psum_valid_out[c]                  = psum_valid_q[BOTTOM];
            end
`else
            assign psum_out[c*ACC_WIDTH +: ACC_WIDTH] = psum_q[BOTTOM];
            assign psum_valid_out[c]                  = psum_valid_q[BOTTOM];
`endif
        end
    endgenerate

`ifdef SYNTHESIS
    assign assert_fail_out = 3'b000;
`else
    reg  [2:0]      fails;
    /* verilator lint_off UNUSEDSIGNAL */  // the bottom row's valid bit: no row below it to check
    reg  [ROWS-1:0] valid_before;
    /* verilator lint_on UNUSEDSIGNAL */
    reg             load_before, load_bank_before;
    reg  [15:0]     pending [0:COLS-1];  // per column: vectors entered row 0 whose sums have not left
    reg             slot_on_loading_bank;
    reg             extra_output;
    integer         i;
    wire            skewed;
    generate
        if (ROWS > 1) begin : g_skew
            assign skewed = |(act_valid_in[ROWS-1:1] & ~valid_before[ROWS-2:0]);
        end else begin : g_one_row
            assign skewed = 1'b0;
        end
    endgenerate
    always @* begin
        slot_on_loading_bank = 1'b0;
        for (i = 0; i < PES; i = i + 1) slot_on_loading_bank = slot_on_loading_bank | on_loading_bank[i];
        extra_output = 1'b0;
        for (i = 0; i < COLS; i = i + 1) extra_output = extra_output | (psum_valid_out[i] && pending[i] == 16'd0);
    end
    wire weights_changed = weight_load_en && load_before && load_bank_before == weight_load_bank && slot_on_loading_bank;
    always @(posedge clk) begin
        if (rst) begin
            fails            <= 3'b000;
            valid_before     <= {ROWS{1'b0}};
            load_before      <= 1'b0;
            load_bank_before <= 1'b0;
            for (i = 0; i < COLS; i = i + 1) pending[i] <= 16'd0;
        end else begin
            fails            <= fails | {extra_output, weights_changed, skewed};
            valid_before     <= act_valid_in;
            load_before      <= weight_load_en;
            load_bank_before <= weight_load_bank;
            for (i = 0; i < COLS; i = i + 1)
                pending[i] <= pending[i] + {15'd0, act_valid_in[0]} - {15'd0, psum_valid_out[i]};
`ifndef VERILATOR
            if (skewed) $error("pe_array: valid skew: a row's activation is valid without the row above's the edge before");
            if (weights_changed) $error("pe_array: a bank's weights change under its stream");
            if (extra_output) $error("pe_array: a column emitted more sums than vectors were issued");
`endif
        end
    end
    assign assert_fail_out = fails;
`endif
endmodule

`default_nettype wire
