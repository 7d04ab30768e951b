namespace ThiDua.Bench.Scenarios.Engine;

/// <summary>
/// The work both engines run: an orchestration chains three activities, each feeding the
/// next. Outputs are checked against <see cref="Expected"/>, so a lost or repeated step shows.
/// </summary>
public static class ChainWork
{
    public const int Steps = 3;

    public static int Step(int value) => (value * 2) + 1;

    public static int Expected(int input)
    {
        var value = input;
        for (var i = 0; i < Steps; i++)
        {
            value = Step(value);
        }

        return value;
    }
}
