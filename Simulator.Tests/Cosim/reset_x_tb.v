// Icarus (4-state) check of the arrays' reset: every input but the clock is X while reset is high, and every
// output must be a known 0 or 1 after the reset edge and stay known through idle edges, so no register that
// reaches an output escapes the reset. Prints PASS, or FAIL with the signal and cycle.
`timescale 1ns / 1ps
`default_nettype none

module reset_x_tb;
    localparam integer ROWS = 4, COLS = 3, WIDTH = 8, CW = 32;
    reg clk = 0, rst = 1;
    reg zero_gating_en, structured_2_4_en, weight_load_en, weight_load_bank, drain;
    reg [COLS*WIDTH-1:0] weight_in;
    reg [COLS*2-1:0]     weight_index_in;
    reg [ROWS*WIDTH-1:0] act_in;
    reg [ROWS-1:0]       act_valid_in, act_bank_in;
    reg [ROWS*4*WIDTH-1:0] act_group_in;
    reg [COLS-1:0]       weight_valid_in;
    wire [COLS*32-1:0] ws_psum, os_psum;
    wire [COLS-1:0]    ws_valid, os_valid;
    wire [COLS*CW-1:0] ws_active, ws_gated, ws_repeated, os_active, os_gated, os_repeated;
    wire [2:0]         ws_fails;

    pe_array #(.ROWS(ROWS), .COLS(COLS), .WIDTH(WIDTH), .WEIGHT_BUFFERS(2)) ws (
        .clk(clk), .rst(rst), .zero_gating_en(zero_gating_en), .structured_2_4_en(structured_2_4_en),
        .weight_load_en(weight_load_en), .weight_load_bank(weight_load_bank), .weight_in(weight_in),
        .weight_index_in(weight_index_in), .act_in(act_in), .act_valid_in(act_valid_in), .act_bank_in(act_bank_in),
        .act_group_in(act_group_in), .psum_out(ws_psum), .psum_valid_out(ws_valid), .mac_active_out(ws_active),
        .mac_gated_out(ws_gated), .mac_repeated_out(ws_repeated), .assert_fail_out(ws_fails));
    os_array #(.ROWS(ROWS), .COLS(COLS), .WIDTH(WIDTH)) os (
        .clk(clk), .rst(rst), .zero_gating_en(zero_gating_en), .drain(drain), .act_in(act_in),
        .act_valid_in(act_valid_in), .weight_in(weight_in), .weight_valid_in(weight_valid_in), .psum_out(os_psum),
        .psum_valid_out(os_valid), .mac_active_out(os_active), .mac_gated_out(os_gated), .mac_repeated_out(os_repeated));

    task automatic check(input integer cycle);
        begin
            if (^ws_psum === 1'bx)     begin $display("FAIL pe_array psum_out at cycle %0d", cycle); $finish; end
            if (^ws_valid === 1'bx)    begin $display("FAIL pe_array psum_valid_out at cycle %0d", cycle); $finish; end
            if (^{ws_active, ws_gated, ws_repeated} === 1'bx) begin $display("FAIL pe_array mac counters at cycle %0d", cycle); $finish; end
            if (^ws_fails === 1'bx)    begin $display("FAIL pe_array assert_fail_out at cycle %0d", cycle); $finish; end
            if (^os_psum === 1'bx)     begin $display("FAIL os_array psum_out at cycle %0d", cycle); $finish; end
            if (^os_valid === 1'bx)    begin $display("FAIL os_array psum_valid_out at cycle %0d", cycle); $finish; end
            if (^{os_active, os_gated, os_repeated} === 1'bx) begin $display("FAIL os_array mac counters at cycle %0d", cycle); $finish; end
        end
    endtask

    integer cycle;
    initial begin
        // Everything X but clock and reset, through the reset edge.
        {zero_gating_en, structured_2_4_en, weight_load_en, weight_load_bank, drain} = 5'bxxxxx;
        weight_in = 'x; weight_index_in = 'x; act_in = 'x; act_valid_in = 'x; act_bank_in = 'x;
        act_group_in = 'x; weight_valid_in = 'x;
        #5 clk = 1; #5 clk = 0;
        rst = 0;
        // Idle after reset: no load, nothing valid, no drain; operands still X (nothing valid reads them).
        {zero_gating_en, structured_2_4_en, weight_load_en, weight_load_bank, drain} = 5'b00000;
        act_valid_in = 0; act_bank_in = 0; weight_valid_in = 0;
        check(0);
        for (cycle = 1; cycle <= ROWS + COLS + 4; cycle = cycle + 1) begin
            #5 clk = 1; #5 clk = 0;
            check(cycle);
        end
        $display("PASS");
        $finish;
    end
endmodule

`default_nettype wire
