namespace PathwayHub.Web.Features.Pathways;

/// <summary>How Pathways name things to people.</summary>
public static class PathwayText
{
    public static string RoleLabel(MembershipRole role) => role == MembershipRole.ViceChair ? "Vice-chair" : role.ToString();
}
