using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace PathwayHub.Web.Infrastructure.Auth;

/// <summary>
/// The signed-in user of this scope: set from the request in HTTP endpoints and from the authentication state in a
/// circuit, so services can read it synchronously in both.
/// </summary>
public sealed class CurrentUser
{
    public Actor Actor { get; private set; } = Actor.Anonymous;
    public void Set(ClaimsPrincipal principal) => Actor = Actor.From(principal);
}

internal sealed class CurrentUserCircuitHandler(AuthenticationStateProvider auth, CurrentUser currentUser) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        auth.AuthenticationStateChanged += OnChanged;
        currentUser.Set((await auth.GetAuthenticationStateAsync()).User);
    }

    private async void OnChanged(Task<AuthenticationState> state)
    {
        // An event handler cannot be awaited by its raiser; the task is already complete when raised.
        currentUser.Set((await state).User);
    }

    public void Dispose() => auth.AuthenticationStateChanged -= OnChanged;
}
