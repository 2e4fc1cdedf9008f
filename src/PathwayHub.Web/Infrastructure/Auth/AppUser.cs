using Microsoft.AspNetCore.Identity;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Infrastructure.Auth;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>A provider editor's organisation: the only one whose data they may change.</summary>
    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    /// <summary>The person record behind a member's or associate's sign-in.</summary>
    public int? PersonId { get; set; }
    public Person? Person { get; set; }
}
