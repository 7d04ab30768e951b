using System.Text.Json.Nodes;

namespace ThiDua.Storage.Internal;

/// <summary>
/// The layouts of the records kept as JSON rows (<see cref="JsonColumns"/>). Every row carries the layout version
/// its record type was written with; a reader accepts every version ever written, bringing an older row's JSON up
/// to the current layout one step at a time, and refuses a row of a newer build rather than misread it. A layout
/// change that old rows cannot be read in adds a step for its type here (README, "Upgrading a running province");
/// none has been needed yet, so every type is at its first layout.
/// </summary>
internal static class RowLayouts
{
    /// <summary>The first layout of every type, and that of rows written before layouts were versioned (they carry none).</summary>
    public const int First = 1;

    // Per record type, the step from layout v to v + 1 at index v - 1.
    private static readonly Dictionary<Type, Func<JsonNode, JsonNode>[]> Steps = [];

    public static int Current(Type type) => First + (Steps.TryGetValue(type, out var steps) ? steps.Length : 0);

    /// <summary>The JSON of a <paramref name="type"/> row written with layout <paramref name="version"/>, in the current layout.</summary>
    public static JsonNode ToCurrent(Type type, int version, JsonNode json, string row)
    {
        var current = Current(type);
        if (version < First || version > current)
        {
            throw new InvalidOperationException(
                $"{row} holds a {type.Name} of layout {version}; this build reads layouts {First} to {current}. It was written by a newer build.");
        }

        var steps = Steps.GetValueOrDefault(type) ?? [];
        for (var v = version; v < current; v++)
        {
            json = steps[v - First](json);
        }

        return json;
    }
}
