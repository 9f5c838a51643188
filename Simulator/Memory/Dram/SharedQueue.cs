namespace Sim.Memory.Dram;

/// <summary>One queue for reads and writes alike, every request open to FR-FCFS: the default.</summary>
internal sealed class SharedQueue(int depth) : IQueuePolicy
{
    public int Capacity => depth;

    public bool CanAccept(bool isWrite, int reads, int writes) => reads + writes < depth;

    public Serving Serve(int reads, int writes) => Serving.All;
}
