import React, { useLayoutEffect, useState } from 'react';
import { Router } from 'react-router-dom';
import { LocationServiceProvider, locationService } from '@grafana/runtime';

// Reproduces grafana/grafana public/app/routes/RoutesWrapper.tsx (`RouterWrapper`, newest stored version):
// the location service and a router on its history (Grafana's v5 Router with CompatRouter giving
// plugins the v6 router context; here the v6 Router on the same history). Shared by jsdom and Chromium.
export function HostRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((next: typeof location) => setLocation(next)), [history]);
  return (
    <LocationServiceProvider service={locationService}>
      <Router location={location} navigator={history}>
        {children}
      </Router>
    </LocationServiceProvider>
  );
}
