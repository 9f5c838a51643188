namespace Sim.Engine;

/// <summary>
/// A component that receives timed events. The kind and argument are plain integers so that
/// scheduling an event never allocates: each component defines its own small set of kinds.
/// </summary>
internal interface IEventTarget
{
    void OnEvent(int kind, long argument);
}
