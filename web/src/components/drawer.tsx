import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface Props {
  readonly title: string;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly children: ReactNode;
}

/** A side drawer: a modal dialog from React Aria (focus trap, Escape, restoring focus). */
export function Drawer({ title, open, onClose, children }: Props) {
  return (
    <ModalOverlay isOpen={open} onOpenChange={(o) => !o && onClose()} isDismissable className="overlay">
      <Modal className="drawer">
        <Dialog className="drawer-body">
          <div className="drawer-head">
            <Heading slot="title">{title}</Heading>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
