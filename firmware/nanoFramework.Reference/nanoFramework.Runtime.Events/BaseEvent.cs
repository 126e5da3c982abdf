// Reference surface (hand-written, public signatures only): see ../README.md.
namespace nanoFramework.Runtime.Events
{
    /// <summary>Base of native events; System.Device.Gpio's <c>PinValueChangedEventArgs</c> derives from it.</summary>
    public class BaseEvent
    {
    }
}
