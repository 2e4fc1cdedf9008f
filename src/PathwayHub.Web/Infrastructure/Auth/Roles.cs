namespace PathwayHub.Web.Infrastructure.Auth;

public static class Roles
{
    public const string Coordinator = nameof(Coordinator);
    public const string Commissioner = nameof(Commissioner);
    public const string ProviderEditor = nameof(ProviderEditor);
    public const string PathwayMember = nameof(PathwayMember);
    public const string AssociateMember = nameof(AssociateMember);

    public static readonly IReadOnlyList<string> All = [Coordinator, Commissioner, ProviderEditor, PathwayMember, AssociateMember];

    public static string Label(string role) => role switch
    {
        ProviderEditor => "Provider editor",
        PathwayMember => "Pathway member",
        AssociateMember => "Associate member",
        _ => role,
    };
}

public static class AppClaims
{
    public const string DisplayName = "ph:name";
    public const string OrganisationId = "ph:org";
    public const string PersonId = "ph:person";
}
