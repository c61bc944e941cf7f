import React from 'react';
import { SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, LinkButton } from '@grafana/ui';
import { testIds } from '../testIds';

interface PageMessageState extends SceneObjectState {
  severity: 'error' | 'warning' | 'info';
  title: string;
  text: string;
  linkUrl?: string;
  linkText?: string;
}

/** A message in place of (or above) a page's content: what went wrong and what to do. */
export class PageMessage extends SceneObjectBase<PageMessageState> {
  static Component = ({ model }: SceneComponentProps<PageMessage>) => {
    const { severity, title, text, linkUrl, linkText } = model.useState();
    return (
      <Alert severity={severity} title={title} data-testid={testIds.page.message}>
        <p>{text}</p>
        {linkUrl && (
          <LinkButton href={linkUrl} variant="secondary" size="sm">
            {linkText ?? 'Open'}
          </LinkButton>
        )}
      </Alert>
    );
  };
}
