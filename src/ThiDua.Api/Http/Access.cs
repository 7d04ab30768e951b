using Microsoft.AspNetCore.Http;
using ThiDua.Api.Identity;
using ThiDua.Domain;

namespace ThiDua.Api.Http;

/// <summary>
/// Who may call an operation, as far as the caller and the route tell (<see cref="ApiAccess"/> names it per
/// operation). <see cref="Admission"/> checks it last, after the caller, its write permit and the route's
/// values; what needs storage (the year's leader, a campaign's members) the handler checks itself.
/// </summary>
public sealed class Access
{
    private readonly Rule _rule;
    private readonly Func<string, int?, Phrase>? _refusal;

    private Access(Rule rule, Func<string, int?, Phrase>? refusal = null, bool purposeFirst = false)
    {
        _rule = rule;
        _refusal = refusal;
        PurposeFirst = purposeFirst;
    }

    private enum Rule
    {
        Anyone,
        Authenticated,
        Admin,
        BlocReader,
        BlocUnit,
        Self,
    }

    /// <summary>No caller needed: the portal's pages, and paths under /api that name no operation.</summary>
    public static Access Anyone { get; } = new(Rule.Anyone);

    /// <summary>Any signed-in caller, council staff or a unit.</summary>
    public static Access Authenticated { get; } = new(Rule.Authenticated);

    /// <summary>Council staff.</summary>
    public static Access Admin { get; } = new(Rule.Admin, (_, _) => new("Chỉ cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được thực hiện thao tác này.", "Only council staff may do this."));

    /// <summary>The unit of the route itself, never another one (admins included: a unit's acts are its own).</summary>
    public static Access Self { get; } = new(Rule.Self);

    /// <summary>A member unit of the route's bloc, voting for itself; the vote's purpose is checked before who calls.</summary>
    public static Access Voter { get; } = new(Rule.BlocUnit, (blocId, _) => new($"Chỉ các đơn vị thành viên của khối '{blocId}' được bỏ phiếu, mỗi đơn vị tự bỏ phiếu của mình.", $"Only member units of bloc '{blocId}' vote, each for itself."), purposeFirst: true);

    /// <summary>Whether the caller needs to be known at all.</summary>
    internal bool NeedsCaller => _rule != Rule.Anyone;

    /// <summary>Whether the route's vote purpose is checked with its ids and year, before who calls.</summary>
    internal bool PurposeFirst { get; }

    /// <summary>Council staff and the units of the route's bloc, reading <paramref name="what"/>.</summary>
    public static Access BlocReader(Phrase? what = null) =>
        new(Rule.BlocReader, (blocId, _) => new(
            $"Chỉ các đơn vị của khối '{blocId}' và cán bộ Hội đồng Thi đua – Khen thưởng tỉnh được xem {what?.Vietnamese ?? "nội dung này"}.",
            $"Only units of bloc '{blocId}' and council staff may read {what?.English ?? "this"}."));

    /// <summary>Council staff and the units of the route's bloc, refused with <paramref name="refusal"/> (of the bloc and year).</summary>
    public static Access BlocReader(Func<string, int?, Phrase> refusal) => new(Rule.BlocReader, refusal);

    /// <summary>The units of the route's bloc (not council staff), refused with <paramref name="refusal"/> (of the bloc and year).</summary>
    public static Access BlocUnit(Func<string, int?, Phrase> refusal) => new(Rule.BlocUnit, refusal);

    /// <summary>403 for a caller the rule leaves out, or null.</summary>
    internal IResult? Refuse(Caller caller, string? blocId, string? unitId, int? year) => _rule switch
    {
        Rule.Admin when !caller.IsAdmin => ApiProblems.Forbidden(_refusal!(blocId!, year)),
        Rule.BlocReader when !caller.IsAdmin && !caller.IsUnitOf(blocId!) => ApiProblems.Forbidden(_refusal!(blocId!, year)),
        Rule.BlocUnit when !caller.IsUnitOf(blocId!) => ApiProblems.Forbidden(_refusal!(blocId!, year)),
        Rule.Self when !caller.Is(blocId!, unitId!) => ApiProblems.Forbidden(new(
            $"Chỉ chính đơn vị '{unitId}' của khối '{blocId}' được thực hiện thao tác này.", $"Only unit '{unitId}' of bloc '{blocId}' may do this for itself.")),
        _ => null,
    };
}
