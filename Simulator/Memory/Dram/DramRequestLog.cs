using System.Globalization;
using System.Text;

namespace Sim.Memory.Dram;

/// <summary>
/// Every request of a trace run with the cycle it entered its controller and the cycle it completed (a read's
/// last data beat, a write's data accepted): what <c>sim dram --requests</c> writes, one CSV row a request in
/// trace order, so a run can be set beside another simulator's request by request.
/// </summary>
internal sealed class DramRequestLog(DramTrace trace) : IDramCompletionSink
{
    private readonly long[] _arrival = Filled(trace.Count);
    private readonly long[] _completion = Filled(trace.Count);

    private static long[] Filled(int n)
    {
        var cycles = new long[n];
        Array.Fill(cycles, -1);
        return cycles;
    }

    public void OnComplete(int tag, bool isWrite, long arrivalCycle, long completionCycle)
    {
        _arrival[tag] = arrivalCycle;
        _completion[tag] = completionCycle;
    }

    public string ToCsv()
    {
        var csv = new StringBuilder("request,address,op,trace_cycle,arrival_cycle,completion_cycle,latency_cycles\n");
        for (int i = 0; i < trace.Count; i++)
            csv.Append(CultureInfo.InvariantCulture,
                $"{i},0x{trace.Addresses[i]:x},{(trace.IsWrite[i] ? "WRITE" : "READ")},{trace.Cycles[i]},{_arrival[i]},{_completion[i]},{_completion[i] - trace.Cycles[i]}\n");
        return csv.ToString();
    }
}
